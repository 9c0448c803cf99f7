import type { Classroom, Role } from '../api/types';
import { useNotesToAcknowledgeCount, useUnreadMessageCount } from '../features/messaging/hooks';
import { useMessagingShown } from '../features/today/hooks';
import type fr from '../i18n/fr.json';

/** Translation keys allowed as navigation labels (`nav.*` in src/i18n/*.json). */
export type NavLabelKey = `nav.${keyof (typeof fr)['nav']}`;

/**
 * A count shown next to a nav link (unread messages…): `useCount` is a React hook, called
 * by the link while it is shown; `labelKey` is a plural key (`_one` / `_other`) that says
 * what the number counts, for screen readers. Nothing is shown while the count is 0.
 */
export interface NavBadge {
  useCount: () => number;
  labelKey: NavBadgeLabelKey;
}

type NavBadgeLabelKey = `nav.${Extract<keyof (typeof fr)['nav'], `${string}_other`> extends `${infer K}_other` ? K : never}`;

export interface NavItem {
  /** Stable identifier (React key, tests). */
  id: string;
  /** Route path of an existing page. */
  to: string;
  labelKey: NavLabelKey;
  /** Values of the label's placeholders (e.g. the classroom's name). */
  labelValues?: Record<string, string>;
  /** Who sees the link: everybody signed in, or only users with one of these roles. */
  audience: 'everyone' | readonly Role[];
  badge?: NavBadge;
  /**
   * A React hook, called by the link while its audience holds: false hides the link when
   * what it leads to is closed to this user today (a pupil's messaging the school keeps
   * closed). Absent: always shown.
   */
  useShown?: (roles: readonly Role[]) => boolean;
}

/**
 * One link per classroom the user teaches (`me.classrooms`), e.g. its cahier de textes.
 * With one classroom the label is `labelKey`; with several, `labelKeyNamed` names it.
 */
export interface ClassroomNavItem {
  id: string;
  classroomPath: (classroomId: number) => string;
  labelKey: NavLabelKey;
  labelKeyNamed: NavLabelKey;
  audience: readonly Role[];
}

export type NavEntry = NavItem | ClassroomNavItem;

type NavClassroom = Pick<Classroom, 'id' | 'name'>;

/**
 * Main navigation. Features add their entry here when their page exists —
 * never link to a page that is not built yet. Examples for later:
 *   { id: 'classes', to: '/classes', labelKey: 'nav.classes', audience: ['teacher', 'director'] }
 */
export const NAV_ITEMS: readonly NavEntry[] = [
  { id: 'today', to: '/', labelKey: 'nav.today', audience: 'everyone' },
  { id: 'me', to: '/moi', labelKey: 'nav.me', audience: 'everyone' },
  { id: 'dashboard', to: '/tableau-de-bord', labelKey: 'nav.dashboard', audience: ['commune', 'inspector', 'dasen'] },
  { id: 'livret-progress', to: '/tableau-de-bord/livret', labelKey: 'nav.livretProgress', audience: ['inspector', 'dasen'] },
  // The inspection's count of each school's mandatory drills (a director reaches it from « Sécurité »).
  { id: 'safety-exercises', to: '/securite/exercices', labelKey: 'nav.safetyExercises', audience: ['inspector', 'dasen'] },
  { id: 'school-calendar', to: '/calendrier-scolaire', labelKey: 'nav.schoolCalendar', audience: ['dasen'] },
  { id: 'timetable', to: '/emploi-du-temps', labelKey: 'nav.timetable', audience: ['guardian', 'pupil'] },
  { id: 'homework', to: '/devoirs', labelKey: 'nav.homework', audience: ['guardian', 'pupil'] },
  { id: 'livret', to: '/livret', labelKey: 'nav.livret', audience: ['guardian', 'pupil'] },
  { id: 'absences', to: '/absences', labelKey: 'nav.absences', audience: ['guardian'] },
  { id: 'teacher-day', to: '/ma-journee', labelKey: 'nav.teacherDay', audience: ['teacher'] },
  {
    id: 'roll-call',
    classroomPath: (id) => `/classes/${id}/appel`,
    labelKey: 'nav.rollCall',
    labelKeyNamed: 'nav.rollCallOf',
    audience: ['teacher'],
  },
  {
    id: 'lessons',
    classroomPath: (id) => `/classes/${id}/cahier-de-textes`,
    labelKey: 'nav.lessons',
    labelKeyNamed: 'nav.lessonsOf',
    audience: ['teacher'],
  },
  {
    id: 'classroom-homework',
    classroomPath: (id) => `/classes/${id}/devoirs`,
    labelKey: 'nav.classroomHomework',
    labelKeyNamed: 'nav.classroomHomeworkOf',
    audience: ['teacher'],
  },
  {
    id: 'evaluations',
    classroomPath: (id) => `/classes/${id}/evaluations`,
    labelKey: 'nav.evaluations',
    labelKeyNamed: 'nav.evaluationsOf',
    audience: ['teacher'],
  },
  {
    id: 'class-livret',
    classroomPath: (id) => `/classes/${id}/livret`,
    labelKey: 'nav.classLivret',
    labelKeyNamed: 'nav.classLivretOf',
    audience: ['teacher'],
  },
  // Young pupils sign in on the class's tablets with their card.
  {
    id: 'class-cards',
    classroomPath: (id) => `/classes/${id}/cartes`,
    labelKey: 'nav.classCards',
    labelKeyNamed: 'nav.classCardsOf',
    audience: ['teacher'],
  },
  {
    id: 'messages',
    to: '/messagerie',
    labelKey: 'nav.messages',
    audience: ['guardian', 'pupil', 'teacher', 'director', 'commune', 'inspector', 'dasen'],
    badge: { useCount: useUnreadMessageCount, labelKey: 'nav.unreadMessages' },
    // A pupil has messaging only where the school opens it (or once a message reached them).
    useShown: useMessagingShown,
  },
  {
    id: 'liaison-notes',
    to: '/cahier-de-liaison',
    labelKey: 'nav.liaisonNotes',
    audience: ['guardian', 'teacher', 'director'],
    badge: { useCount: useNotesToAcknowledgeCount, labelKey: 'nav.notesToAcknowledge' },
  },
  { id: 'announcements', to: '/annonces', labelKey: 'nav.announcements', audience: ['guardian', 'pupil', 'teacher', 'director'] },
  // The evacuation muster and the registre de sécurité: any of the school's staff starts one.
  { id: 'safety', to: '/securite', labelKey: 'nav.safety', audience: ['teacher', 'director'] },
  { id: 'school-timetables', to: '/emplois-du-temps', labelKey: 'nav.schoolTimetables', audience: ['director'] },
  { id: 'calls-not-taken', to: '/direction/appels', labelKey: 'nav.callsNotTaken', audience: ['director'] },
  { id: 'justifications', to: '/direction/justificatifs', labelKey: 'nav.justifications', audience: ['director'] },
  { id: 'register', to: '/direction/registre', labelKey: 'nav.register', audience: ['director'] },
  { id: 'absenteeism', to: '/direction/absenteisme', labelKey: 'nav.absenteeism', audience: ['director'] },
  { id: 'school-livret', to: '/direction/livret', labelKey: 'nav.schoolLivret', audience: ['director'] },
  { id: 'class-cards-index', to: '/cartes-de-classe', labelKey: 'nav.classCards', audience: ['director'] },
  { id: 'onde-import', to: '/rentree/import', labelKey: 'nav.importOnde', audience: ['director'] },
  // The operator (staff account) sees every school's events there.
  { id: 'audit-log', to: '/direction/journal', labelKey: 'nav.auditLog', audience: ['director', 'operator'] },
  // Who signs in through EduConnect or the académie's provider, and « Délier ».
  { id: 'linked-accounts', to: '/direction/comptes-relies', labelKey: 'nav.linkedAccounts', audience: ['director'] },
  // The iCal feed covers one's children's and one's own classrooms.
  { id: 'calendar-feeds', to: '/calendrier', labelKey: 'nav.calendarFeeds', audience: ['guardian', 'pupil', 'teacher'] },
];

function isClassroomEntry(entry: NavEntry): entry is ClassroomNavItem {
  return 'classroomPath' in entry;
}

/**
 * Items visible to a user holding `roles`, in configuration order; per-classroom entries
 * give one link for each of `classrooms` (the classrooms the user teaches).
 */
export function navItemsForRoles(
  roles: readonly Role[],
  items: readonly NavEntry[] = NAV_ITEMS,
  classrooms: readonly NavClassroom[] = [],
): NavItem[] {
  return items
    .filter((item) => item.audience === 'everyone' || item.audience.some((role) => roles.includes(role)))
    .flatMap((item): NavItem[] => {
      if (!isClassroomEntry(item)) return [item];
      return classrooms.map((classroom) => ({
        id: `${item.id}-${classroom.id}`,
        to: item.classroomPath(classroom.id),
        labelKey: classrooms.length > 1 ? item.labelKeyNamed : item.labelKey,
        labelValues: { classroom: classroom.name },
        audience: item.audience,
      }));
    });
}
