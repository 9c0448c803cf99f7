import type { TFunction } from 'i18next';

import type { DigestCategory } from '../../api/types';

/** The digest's categories, in the order the mail lists them (and the API returns them). */
export const DIGEST_CATEGORIES: readonly DigestCategory[] = [
  'messages',
  'liaison_notes',
  'absences',
  'homework',
  'announcements',
  'timetable',
];

export function categoryLabel(t: TFunction, category: DigestCategory): string {
  return t(`notifications.categories.${category}`);
}

/** The categories in the digest's order, whatever the order they were ticked in. */
export function inDigestOrder(categories: Iterable<DigestCategory>): DigestCategory[] {
  const chosen = new Set(categories);
  return DIGEST_CATEGORIES.filter((category) => chosen.has(category));
}

/** "Messages, Devoirs donnés et Annonces de l’école". */
export function categoryList(t: TFunction, categories: readonly DigestCategory[], language: string): string {
  const labels = inDigestOrder(categories).map((category) => categoryLabel(t, category));
  return new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(labels);
}

// The digest leaves between 6 h and 22 h (Europe/Paris), every half hour on the page.
const EARLIEST_MINUTES = 6 * 60;
const LATEST_MINUTES = 22 * 60;
const STEP_MINUTES = 30;

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** "06:00", "06:30" … "22:00", and `saved` in its place when it is not on a half hour. */
export function sendTimes(saved?: string): string[] {
  const times: string[] = [];
  for (let minutes = EARLIEST_MINUTES; minutes <= LATEST_MINUTES; minutes += STEP_MINUTES) times.push(hhmm(minutes));
  if (saved && /^\d\d:\d\d$/.test(saved) && !times.includes(saved)) {
    times.push(saved);
    times.sort();
  }
  return times;
}
