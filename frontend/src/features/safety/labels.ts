import type { TFunction } from 'i18next';

import type { DrillKind } from '../../api/types';
import { formatDate, formatTime, splitDateTime, todayAtSchool } from '../../shared/dates';

/** The three kinds, in the order of the start form and of the inspection's table. */
export const DRILL_KINDS: readonly DrillKind[] = ['fire', 'ppms_major', 'ppms_intrusion'];

export function kindLabel(t: TFunction, kind: DrillKind): string {
  return t(`safety.kinds.${kind}`);
}

export function natureLabel(t: TFunction, isDrill: boolean): string {
  return isDrill ? t('safety.nature.drill') : t('safety.nature.alert');
}

/** "14 h 32" at the school, whatever the phone's time zone. */
export function clockAt(value: string, language: string): string {
  return formatTime(splitDateTime(value).time, language);
}

/** The day at the school of a date-time: "5 décembre 2026". */
export function dayOf(value: string, language: string): string {
  return formatDate(splitDateTime(value).date, language);
}

/** "à 14 h 32" today, "le 5 décembre 2026 à 14 h 32" another day. */
export function whenLabel(t: TFunction, value: string, language: string, now: Date = new Date()): string {
  const { date } = splitDateTime(value);
  const time = clockAt(value, language);
  return date === todayAtSchool(now)
    ? t('safety.time.at', { time })
    : t('safety.time.onDay', { date: dayOf(value, language), time });
}

/** "12 min", "1 h 05" (a muster lasts minutes; a forgotten one, hours). */
export function durationLabel(t: TFunction, start: string, end: string): string {
  const minutes = Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / 60_000));
  if (minutes < 60) return t('safety.time.minutes', { count: minutes });
  return t('safety.time.hours', { hours: Math.floor(minutes / 60), minutes: String(minutes % 60).padStart(2, '0') });
}

/** « 12 retrouvés sur 14 attendus — 2 manquants ». */
export function totalsLabel(t: TFunction, counts: { found: number; expected: number; missing: number }): string {
  return t('safety.muster.totals', {
    found: t('safety.muster.found', { count: counts.found }),
    expected: t('safety.muster.expected', { count: counts.expected }),
    missing: t('safety.muster.missing', { count: counts.missing }),
  });
}
