import type { Role } from '../api/types';
import type fr from '../i18n/fr.json';

/** Translation keys allowed as navigation labels (`nav.*` in src/i18n/*.json). */
export type NavLabelKey = `nav.${keyof (typeof fr)['nav']}`;

export interface NavItem {
  /** Stable identifier (React key, tests). */
  id: string;
  /** Route path of an existing page. */
  to: string;
  labelKey: NavLabelKey;
  /** Who sees the link: everybody signed in, or only users with one of these roles. */
  audience: 'everyone' | readonly Role[];
}

/**
 * Main navigation. Features add their entry here when their page exists —
 * never link to a page that is not built yet. Examples for later:
 *   { id: 'classes', to: '/classes', labelKey: 'nav.classes', audience: ['teacher', 'director'] }
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { id: 'me', to: '/', labelKey: 'nav.me', audience: 'everyone' },
  { id: 'timetable', to: '/emploi-du-temps', labelKey: 'nav.timetable', audience: ['guardian', 'pupil'] },
  { id: 'teacher-day', to: '/ma-journee', labelKey: 'nav.teacherDay', audience: ['teacher'] },
  { id: 'school-timetables', to: '/emplois-du-temps', labelKey: 'nav.schoolTimetables', audience: ['director'] },
  // The iCal feed covers one's children's and one's own classrooms.
  { id: 'calendar-feeds', to: '/calendrier', labelKey: 'nav.calendarFeeds', audience: ['guardian', 'pupil', 'teacher'] },
];

/** Items visible to a user holding `roles`, in configuration order. */
export function navItemsForRoles(
  roles: readonly Role[],
  items: readonly NavItem[] = NAV_ITEMS,
): NavItem[] {
  return items.filter(
    (item) => item.audience === 'everyone' || item.audience.some((role) => roles.includes(role)),
  );
}
