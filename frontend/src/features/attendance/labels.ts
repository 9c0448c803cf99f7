import type { TFunction } from 'i18next';

import type { AbsenceReason, CaseStatus, HalfDay, JustificationStatus } from '../../api/types';

/** The legitimate reasons of article L131-8, then "autre" (which needs a comment). */
export const ABSENCE_REASONS: readonly AbsenceReason[] = [
  'maladie_enfant',
  'maladie_contagieuse_famille',
  'reunion_famille',
  'difficulte_transport',
  'absence_famille',
  'autre',
];

export const CASE_STATUSES: readonly CaseStatus[] = ['open', 'family_contacted', 'reported_to_dasen', 'closed'];

export const HALF_DAYS: readonly HalfDay[] = ['morning', 'afternoon'];

export function reasonLabel(t: TFunction, reason: AbsenceReason | ''): string {
  return reason ? t(`attendance.reasons.${reason}`) : '';
}

export function halfDayLabel(t: TFunction, halfDay: HalfDay | ''): string {
  return halfDay ? t(`attendance.halfDays.${halfDay}`) : t('attendance.halfDays.wholeDay');
}

export function justificationLabel(t: TFunction, status: JustificationStatus): string {
  return t(`attendance.status.${status}`);
}

export function caseStatusLabel(t: TFunction, status: CaseStatus): string {
  return t(`attendance.caseStatus.${status}`);
}

/** "LM" for Léa Martin: the roll call shows initials, never photos. */
export function initials(person: { first_name: string; last_name: string }): string {
  return `${person.first_name.charAt(0)}${person.last_name.charAt(0)}`.toUpperCase();
}

/** "08:42" at the school (Europe/Paris), from an aware date-time of the API. */
export function schoolClock(value: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(value));
}

/** "2026-11": the month of an ISO date. */
export function monthOf(iso: string): string {
  return iso.slice(0, 7);
}

/** The client-side default half-day: the morning until noon at the school. */
export function halfDayAt(now: Date = new Date()): HalfDay {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hour: '2-digit', hourCycle: 'h23' }).format(now),
  );
  return hour < 12 ? 'morning' : 'afternoon';
}

/** A fresh Idempotency-Key (a UUID); shared with the other features' resendable writes. */
export { newIdempotencyKey } from '../../shared/idempotencyKey';
