import type { TFunction } from 'i18next';

import type { DayOff, ExtraActivityKind, Occurrence, SchoolEventKind, Subject } from '../api/types';

export const SUBJECTS: readonly Subject[] = [
  'francais',
  'mathematiques',
  'questionner_le_monde',
  'histoire_geographie',
  'langues_vivantes',
  'eps',
  'arts_plastiques',
  'education_musicale',
  'emc',
  'recreation',
  'pause_meridienne',
  'autre',
];

export const ACTIVITIES: readonly ExtraActivityKind[] = ['sortie', 'piscine', 'spectacle', 'autre'];

export const EVENT_KINDS: readonly SchoolEventKind[] = [
  'reunion_parents',
  'fete_ecole',
  'photo_classe',
  'conseil_ecole',
  'autre',
];

export function subjectLabel(t: TFunction, subject: Subject | ''): string {
  return subject ? t(`timetable.subjects.${subject}`) : t('timetable.subjects.autre');
}

export function activityLabel(t: TFunction, activity: ExtraActivityKind | ''): string {
  return t(`timetable.activities.${activity || 'autre'}`);
}

/** What the lesson is: its subject, or the title of an extra activity. */
export function occurrenceTitle(t: TFunction, occurrence: Occurrence): string {
  if (occurrence.status === 'extra') return occurrence.title || activityLabel(t, occurrence.activity);
  return subjectLabel(t, occurrence.subject);
}

export function personName(person: { first_name: string; last_name: string } | null | undefined): string {
  return person ? `${person.first_name} ${person.last_name}`.trim() : '';
}

/** "Vacances de Noël", "Jour férié : 11 novembre", "École fermée : …", "Pas de classe". */
export function dayOffLabel(t: TFunction, off: DayOff): string {
  if (off.kind === 'weekend') return t('timetable.day.off.weekend');
  return t(`timetable.day.off.${off.kind}`, { label: off.label });
}
