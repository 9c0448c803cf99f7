import i18n from 'i18next';

import type { Masked } from './types';

/**
 * What a masked figure reads as (DESIGN §8: aggregates under 5 pupils): "moins de 5
 * élèves", never "<5", which reads as a percentage next to a rate.
 */
export function maskedLabel(language = 'fr'): string {
  return i18n.t('authority.masked', { lng: language });
}

/** What a rate reads as when too few of the calls due were taken to stand for the period. */
export function insufficientLabel(language = 'fr'): string {
  return i18n.t('authority.coverage.insufficient', { lng: language });
}

/**
 * Under this share of the calls due, a school's figures are "couverture insuffisante"
 * (the API's `coverage_sufficient`; the API's `threshold` says the same).
 */
export const COVERAGE_THRESHOLD = 0.8;

/** A figure the API does not have (no roll call taken, so no rate). */
export const NO_FIGURE = '—';

function numberFormat(language: string, options?: Intl.NumberFormatOptions) {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', options);
}

/**
 * A count from a row: "moins de 5 élèves" when the row lists `field` in `suppressed`, "—"
 * when there is no figure, the number otherwise.
 */
export function count(row: Masked, field: string, value: number | null | undefined, language = 'fr'): string {
  if (row.suppressed.includes(field)) return maskedLabel(language);
  if (value === null || value === undefined) return NO_FIGURE;
  return numberFormat(language).format(value);
}

/**
 * A rate (0…1) as a percentage with one decimal: masked like a count (a rate computed from
 * a masked count is never a number), "couverture insuffisante" when the row's calls do not
 * cover its period.
 */
export function rate(row: Masked, field: string, value: number | null | undefined, language = 'fr'): string {
  if (row.suppressed.includes(field)) return maskedLabel(language);
  if (row.coverage_sufficient === false) return insufficientLabel(language);
  if (value === null || value === undefined) return NO_FIGURE;
  return percentText(value, language);
}

/** "80 %": a threshold. */
export function wholePercent(value: number, language = 'fr'): string {
  return numberFormat(language, { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

export function percentText(value: number, language = 'fr'): string {
  return numberFormat(language, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/** A rate (0…1) as a number of percent for the charts (one decimal). */
export function percent(value: number): number {
  return Math.round(value * 1000) / 10;
}

export function formatDate(iso: string, language = 'fr', options: Intl.DateTimeFormatOptions = {}): string {
  const [year, month, day] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
    ...options,
  }).format(new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)));
}

/** "novembre 2026" for the first day of a month (or a YYYY-MM month). */
export function formatMonth(iso: string, language = 'fr'): string {
  const [year, month] = iso.split('-').map(Number);
  return new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'fr-FR', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, 1)));
}

/** Today in Paris as YYYY-MM-DD (the API's "today"). */
export function parisToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

/** The 1 September that opened the current school year (YYYY-MM-DD). */
export function schoolYearStart(today: string): string {
  const [year, month] = today.split('-').map(Number);
  const startYear = (month ?? 1) >= 9 ? (year ?? 1970) : (year ?? 1970) - 1;
  return `${startYear}-09-01`;
}

export function firstOfMonth(today: string): string {
  return `${today.slice(0, 7)}-01`;
}

/** The Monday of the week of a YYYY-MM-DD day. */
export function mondayOf(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  const utc = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, date ?? 1));
  utc.setUTCDate(utc.getUTCDate() - ((utc.getUTCDay() + 6) % 7));
  return utc.toISOString().slice(0, 10);
}
