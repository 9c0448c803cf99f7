import type { TFunction } from 'i18next';

import type { Homework, Subject } from '../../api/types';
import { subjectLabel } from '../../shared/labels';

/**
 * Subjects a lesson or a homework can be about (breaks are timetable slots, not lessons).
 */
export const LESSON_SUBJECTS: readonly Subject[] = [
  'francais',
  'mathematiques',
  'questionner_le_monde',
  'histoire_geographie',
  'langues_vivantes',
  'eps',
  'arts_plastiques',
  'education_musicale',
  'emc',
  'autre',
];

/** "vendredi" (the weekday of an ISO date, in the interface language). */
export function weekdayName(iso: string, language: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(language, { weekday: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)),
  );
}

/** "Mathématiques pour vendredi": how a homework is named in labels and dialogs. */
export function homeworkTitle(t: TFunction, homework: Pick<Homework, 'subject' | 'due_date'>, language: string): string {
  return t('homework.item.title', {
    subject: subjectLabel(t, homework.subject),
    weekday: weekdayName(homework.due_date, language),
  });
}

/** "12 ko", "1,4 Mo" (the units of the interface language). */
export function formatSize(bytes: number, language: string): string {
  const megabytes = bytes >= 1_000_000;
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: megabytes ? 'megabyte' : 'kilobyte',
    maximumFractionDigits: megabytes ? 1 : 0,
  }).format(megabytes ? bytes / 1_000_000 : Math.max(1, Math.round(bytes / 1_000)));
}

/** Items sorted by date, grouped by that date (insertion order kept inside a day). */
export function groupByDate<T>(items: readonly T[], dateOf: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of [...items].sort((a, b) => dateOf(a).localeCompare(dateOf(b)))) {
    const date = dateOf(item);
    groups.set(date, [...(groups.get(date) ?? []), item]);
  }
  return [...groups.entries()];
}
