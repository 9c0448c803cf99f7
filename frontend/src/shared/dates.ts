/**
 * Dates are ISO strings (`2026-11-30`), as the API sends them; times are `14:00:00`.
 * School time is Europe/Paris whatever the device's time zone. Dates are shown as
 * "lundi 30 novembre", never as week numbers.
 */

export const SCHOOL_TIME_ZONE = 'Europe/Paris';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: string | null | undefined): value is string {
  if (!value) return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return toIsoDate(date) === value;
}

/** A date as UTC midnight (so that adding days never meets a DST change). */
function parse(iso: string): Date {
  const [year, month, day] = iso.split('-').map(Number);
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1));
}

function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const date = parse(iso);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

/** 0 = Monday … 6 = Sunday (the API's weekday numbering). */
export function weekdayOf(iso: string): number {
  return (parse(iso).getUTCDay() + 6) % 7;
}

export function mondayOf(iso: string): string {
  return addDays(iso, -weekdayOf(iso));
}

/** Today at the school (Europe/Paris). */
export function todayAtSchool(now: Date = new Date()): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: SCHOOL_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * The week to show by default: this week, or the coming one on Saturday and Sunday
 * (families look at Monday's lessons during the weekend).
 */
export function defaultWeekStart(today: string = todayAtSchool()): string {
  return weekdayOf(today) >= 5 ? addDays(mondayOf(today), 7) : mondayOf(today);
}

/** The day to show by default in a day view: today, or Monday during the weekend. */
export function defaultSchoolDay(today: string = todayAtSchool()): string {
  return weekdayOf(today) >= 5 ? addDays(mondayOf(today), 7) : today;
}

/** The previous or next weekday (Monday to Friday), skipping the weekend. */
export function shiftWeekday(iso: string, direction: 1 | -1): string {
  let day = addDays(iso, direction);
  while (weekdayOf(day) >= 5) day = addDays(day, direction);
  return day;
}

function frenchFirst(text: string, language: string): string {
  // French writes the first day of the month "1er".
  return language.startsWith('fr') ? text.replace(/(^|\s)1(\s)/, '$11er$2') : text;
}

/** "lundi 30 novembre" (with the year when it is not the current one). */
export function formatDayLong(iso: string, language: string, options: { withYear?: boolean } = {}): string {
  const format = new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    ...(options.withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });
  return frenchFirst(format.format(parse(iso)), language);
}

/** "30 novembre 2026". */
export function formatDate(iso: string, language: string): string {
  const format = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return frenchFirst(format.format(parse(iso)), language);
}

/** "8 h 30", "14 h" in French; "8:30 AM" in English. */
export function formatTime(time: string, language: string): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  if (language.startsWith('fr')) {
    // Non-breaking spaces: "8 h 30" never splits across lines.
    return minutes === 0 ? `${hours}\u00a0h` : `${hours}\u00a0h\u00a0${String(minutes).padStart(2, '0')}`;
  }
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(1970, 0, 1, hours, minutes)),
  );
}

/** "HH:MM" for <input type="time">. */
export function timeInputValue(time: string | null | undefined): string {
  return time ? time.slice(0, 5) : '';
}

/** A date-time from the API (aware) shown at the school: "jeudi 3 décembre" and "18 h". */
export function splitDateTime(value: string): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: SCHOOL_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(value));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/** "2026-12-03T18:00:00": a wall-clock time at the school; the server reads it in Europe/Paris. */
export function schoolDateTime(date: string, time: string): string {
  return `${date}T${time.length === 5 ? `${time}:00` : time}`;
}
