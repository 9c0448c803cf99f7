import type { TFunction } from 'i18next';

import type fr from '../../i18n/fr.json';
import type { SignInMethod } from '../../api/types';
import type { AuditEvent } from './api';

type ActionKey = keyof (typeof fr)['audit']['actions'];
type ObjectKey = keyof (typeof fr)['audit']['objects'];
type VerbKey = keyof (typeof fr)['audit']['verbs'];

/**
 * The journal in words: each kind of event becomes a sentence built from what the event
 * recorded (who, the route's pattern and method, the ids of `object_ref`), never from
 * anything the journal does not already hold. A kind or a route this file does not know
 * gives null: the page then shows the kind and the raw route, as before.
 *
 * `object_ref` by kind (preau/audit, the services that record): `roll_call_reminder`
 * "classroom=3 2026-11-12 morning"; `authority_read` "access_log=5 pupil_list";
 * `permission_denied` "<code> <name>=<id>…"; `pupil_record_changed` "pupil=12 pickup_person=3
 * added|changed|removed" or "pupil=12 guardian=5 contact".
 */

/** Routes of the API, most specific first: an action of its own, or a thing acted upon. */
const ROUTES: readonly (readonly [RegExp, { action: ActionKey } | { object: ObjectKey }])[] = [
  [/\/attendance\/absences\/[^/]+\/justification\/accept/, { action: 'acceptJustification' }],
  [/\/attendance\/absences\/[^/]+\/justification\/refuse/, { action: 'refuseJustification' }],
  [/\/attendance\/absences\/[^/]+\/justification/, { action: 'justifyAbsence' }],
  [/\/attendance\/absences/, { object: 'absence' }],
  [/\/attendance\/cases/, { object: 'case' }],
  [/\/register\/sign-off/, { action: 'signRegister' }],
  [/\/attendance\/classrooms\/[^/]+\/register/, { object: 'register' }],
  [/\/roll-call\/reminders/, { action: 'remindRollCall' }],
  [/\/attendance\/(classrooms\/[^/]+\/roll-calls?|roll-calls)/, { object: 'rollCall' }],
  [/\/attendance\/(pupils\/[^/]+\/)?notices/, { object: 'notice' }],
  [/\/attendance\/schools\/[^/]+\/calls-not-taken/, { object: 'callsNotTaken' }],
  [/\/audit\//, { object: 'auditLog' }],
  [/\/authority\//, { object: 'authority' }],
  [/\/homework\/(items|classrooms\/[^/]+)\/[^/]*\/?done/, { action: 'homeworkDone' }],
  [/\/homework\/(lessons|classrooms\/[^/]+\/lessons)/, { object: 'lessons' }],
  [/\/homework\//, { object: 'homework' }],
  [/\/livret\/.*bilans/, { object: 'bilan' }],
  [/\/livret\/(evaluations|classrooms\/[^/]+\/evaluations)/, { object: 'evaluation' }],
  [/\/livret\//, { object: 'livret' }],
  [/\/messaging\/notes\/[^/]+\/acknowledgements/, { action: 'signNote' }],
  [/\/messaging\/notes/, { object: 'note' }],
  [/\/messaging\/announcements/, { object: 'announcement' }],
  [/\/messaging\/polls/, { object: 'poll' }],
  [/\/messaging\/conversations/, { object: 'conversation' }],
  [/\/messaging\//, { object: 'messaging' }],
  [/\/people\/(pupils\/[^/]+\/)?pickup-persons/, { object: 'pickupPersons' }],
  [/\/people\/(pupils\/[^/]+\/record|guardianships)/, { object: 'pupilRecord' }],
  [/\/people\/(pupils|persons)/, { object: 'pupil' }],
  [/\/timetable\//, { object: 'timetable' }],
  [/\/imports\//, { object: 'import' }],
  [/\/accounts\//, { object: 'account' }],
  [/\/schools\//, { object: 'school' }],
];

const VERBS: Partial<Record<string, VerbKey>> = { GET: 'see', HEAD: 'see', POST: 'write', PUT: 'change', PATCH: 'change', DELETE: 'delete' };

type RecordChange = 'added' | 'changed' | 'removed' | 'contact';

const ACCESS_KINDS = ['pupil_list', 'l1318_case_list', 'l1318_case', 'livret_progress'] as const;

/** "consulter l’appel", "accepter une justification"…: what a refused request tried to do. */
export function attemptedAction(t: TFunction, method: string, path: string): string | null {
  const route = ROUTES.find(([pattern]) => pattern.test(path))?.[1];
  if (!route) return null;
  if ('action' in route) return t(`audit.actions.${route.action}`);
  const verb = VERBS[method.toUpperCase()];
  if (!verb) return null;
  return t(`audit.verbs.${verb}`, { what: t(`audit.objects.${route.object}`) });
}

function shortDate(iso: string, language: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [, year, month, day] = match;
  return new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))),
  );
}

const SIGN_IN_METHODS: readonly string[] = [
  'password', 'password_totp', 'password_passkey', 'passkey', 'saml', 'oidc', 'card_pictures', 'card_qr',
] satisfies SignInMethod[];

/** The event as a sentence ("Paul Durand a consulté la liste des élèves (R131-3)"), or null. */
export function auditSentence(t: TFunction, language: string, event: AuditEvent): string | null {
  const who = event.actor_name || event.username || t('audit.someone');
  const username = event.username || t('audit.unknown');
  switch (event.kind) {
    case 'login_succeeded': {
      if (!event.sign_in_method) return t('audit.sentences.login_succeeded', { who });
      const [method, provider] = event.sign_in_method.split(':');
      const how = SIGN_IN_METHODS.includes(method as SignInMethod)
        ? t(`accounts.sessions.methods.${method as SignInMethod}`)
        : (method ?? '');
      return t('audit.sentences.login_succeeded_with', { who, how: provider ? `${how} (${provider})` : how });
    }
    case 'federation_linked':
      return t('audit.sentences.federation_linked', { who });
    case 'federation_unlinked':
      return t('audit.sentences.federation_unlinked', { who });
    case 'login_failed':
      return t('audit.sentences.login_failed', { username });
    case 'login_throttled':
      return t('audit.sentences.login_throttled', { username });
    case 'logout':
      return t('audit.sentences.logout', { who });
    case 'permission_denied': {
      const action = attemptedAction(t, event.method, event.path);
      return action ? t('audit.sentences.permission_denied', { who, action }) : null;
    }
    case 'authority_read': {
      const kind = ACCESS_KINDS.find((name) => event.object_ref.split(' ').includes(name));
      if (!kind) return null;
      const what = t(`audit.accessKinds.${kind}`);
      const schools = event.schools.map((school) => school.name).join(', ');
      return schools
        ? t('audit.sentences.authority_read_schools', { who, what, schools })
        : t('audit.sentences.authority_read', { who, what });
    }
    case 'roll_call_reminder': {
      const match = /(\d{4}-\d{2}-\d{2}) (morning|afternoon)/.exec(event.object_ref);
      const date = match ? shortDate(match[1]!, language) : null;
      if (!match || !date) return null;
      return t('audit.sentences.roll_call_reminder', { who, date, halfDay: t(`audit.halfDays.${match[2] as 'morning' | 'afternoon'}`) });
    }
    case 'pupil_record_changed': {
      const change = /\b(added|changed|removed|contact)$/.exec(event.object_ref)?.[1] as RecordChange | undefined;
      return change ? t(`audit.sentences.pupil_record_${change}`, { who }) : null;
    }
    default:
      return null;
  }
}
