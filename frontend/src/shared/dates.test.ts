import { describe, expect, it } from 'vitest';

import {
  addDays,
  defaultSchoolDay,
  defaultWeekStart,
  formatDayLong,
  formatTime,
  isIsoDate,
  mondayOf,
  schoolDateTime,
  shiftWeekday,
  splitDateTime,
  todayAtSchool,
} from './dates';

describe('timetable dates', () => {
  it('writes days as "lundi 30 novembre", with "1er" in French', () => {
    expect(formatDayLong('2026-11-30', 'fr')).toBe('lundi 30 novembre');
    expect(formatDayLong('2027-01-01', 'fr', { withYear: true })).toBe('vendredi 1er janvier 2027');
    expect(formatDayLong('2026-12-01', 'en')).toBe('Tuesday, December 1');
  });

  it('writes times the French way', () => {
    expect(formatTime('14:00:00', 'fr')).toBe('14\u00a0h');
    expect(formatTime('08:30:00', 'fr')).toBe('8\u00a0h\u00a030');
    expect(formatTime('14:05', 'en')).toMatch(/^2:05\sPM$/);
  });

  it('finds Mondays, skips weekends, validates dates', () => {
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // across the DST change
    expect(shiftWeekday('2026-12-04', 1)).toBe('2026-12-07');
    expect(shiftWeekday('2026-12-07', -1)).toBe('2026-12-04');
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('30/11/2026')).toBe(false);
  });

  it('shows the coming week during the weekend', () => {
    expect(defaultWeekStart('2026-11-29')).toBe('2026-11-30'); // Sunday
    expect(defaultWeekStart('2026-11-28')).toBe('2026-11-30'); // Saturday
    expect(defaultWeekStart('2026-11-27')).toBe('2026-11-23'); // Friday
    expect(defaultSchoolDay('2026-11-29')).toBe('2026-11-30');
    expect(defaultSchoolDay('2026-12-02')).toBe('2026-12-02');
  });

  it('reads times at the school (Europe/Paris), whatever the device', () => {
    expect(todayAtSchool(new Date('2026-11-29T23:30:00Z'))).toBe('2026-11-30');
    expect(splitDateTime('2026-12-03T17:00:00Z')).toEqual({ date: '2026-12-03', time: '18:00' });
    expect(splitDateTime('2026-06-03T17:00:00Z')).toEqual({ date: '2026-06-03', time: '19:00' });
    expect(schoolDateTime('2026-12-03', '18:00')).toBe('2026-12-03T18:00:00');
  });
});
