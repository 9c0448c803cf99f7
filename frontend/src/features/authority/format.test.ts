import { describe, expect, it } from 'vitest';

import i18n from 'i18next';

import { attendanceRow, fullCoverage, JAURES, LANGEVIN, maskedAttendance } from '../../test/authorityFixtures';
import { monthlyTrend } from './Charts';
import { count, mondayOf, rate, schoolYearStart } from './format';
import { coverageHint } from './Parts';

describe('authority figures', () => {
  it('writes "moins de 5 élèves" for a masked field, "—" for no figure, the number otherwise', () => {
    const row = { suppressed: ['absent_pupils'] };
    expect(count(row, 'absent_pupils', null)).toBe('moins de 5 élèves');
    expect(count(row, 'absent_pupils', null, 'en')).toBe('fewer than 5 pupils');
    expect(count(row, 'pupils', null)).toBe('—');
    expect(count(row, 'pupils', 1234)).toMatch(/^1\s234$/);
    expect(rate({ suppressed: [] }, 'attendance_rate', 0.9612)).toMatch(/^96,1\s%$/);
  });

  it('writes a rate computed from a masked count with the same words, never a number', () => {
    const masked = { suppressed: ['absent_pupils', 'attendance_rate'] };
    expect(rate(masked, 'attendance_rate', null)).toBe('moins de 5 élèves');
    // even if a number came with it, and even when the coverage is also short
    expect(rate(masked, 'attendance_rate', 0.9)).toBe('moins de 5 élèves');
    expect(rate({ ...masked, coverage_sufficient: false }, 'attendance_rate', null)).toBe('moins de 5 élèves');
    expect(rate(masked, 'attendance_rate', null)).not.toMatch(/\d\s?%|<5/);
  });

  it('writes "couverture insuffisante" for the rate of a period with too few calls', () => {
    const short = { suppressed: [], coverage_sufficient: false };
    expect(rate(short, 'attendance_rate', null)).toBe('couverture insuffisante');
    expect(rate(short, 'attendance_rate', 0.96)).toBe('couverture insuffisante');
    expect(rate(short, 'attendance_rate', null, 'en')).toBe('insufficient coverage');
  });

  it('says what a headline rate covers and how many schools it leaves out', () => {
    const t = i18n.getFixedT('fr');
    const hint = coverageHint(
      {
        calls_due: 81,
        calls_taken: 28,
        coverage: 0.3457,
        threshold: 0.8,
        schools: 3,
        schools_covered: 1,
        schools_left_out: 2,
        schools_without_calls: 1,
      },
      t,
      'fr',
    );
    expect(hint).toMatch(/^Sur 1 école sur 3 ; appels faits : 28 sur 81 dus ce mois-ci\. /);
    expect(hint).toMatch(/2 écoles laissées hors du taux : couverture insuffisante \(moins de 80\s%/);
    expect(hint).toMatch(/Dont 1 sans aucun appel\.$/);
    expect(coverageHint({ ...fullCoverage }, t, 'fr')).toBe('Sur 2 écoles sur 2 ; appels faits : 189 sur 189 dus ce mois-ci.');
  });

  it('finds the Monday of a week', () => {
    expect(mondayOf('2026-11-24')).toBe('2026-11-23');
    expect(mondayOf('2026-11-23')).toBe('2026-11-23');
    expect(mondayOf('2026-11-29')).toBe('2026-11-23');
  });

  it('starts the school year on 1 September', () => {
    expect(schoolYearStart('2026-11-29')).toBe('2026-09-01');
    expect(schoolYearStart('2027-03-02')).toBe('2026-09-01');
    expect(schoolYearStart('2026-09-01')).toBe('2026-09-01');
  });

  it('sums the half-days of the schools per month and leaves masked schools out', () => {
    const points = monthlyTrend(
      [
        attendanceRow(JAURES, '2026-10-01', { expected_half_days: 1000, absent_half_days: 100, late_arrivals: 0 }),
        attendanceRow(LANGEVIN, '2026-10-01', { expected_half_days: 1000, absent_half_days: 0, late_arrivals: 20 }),
        maskedAttendance(LANGEVIN, '2026-09-01'),
      ],
      'fr',
    );
    expect(points).toEqual([{ month: '2026-10', label: 'octobre 2026', attendance: 95, lateness: 1, counted: 2, schools: 2 }]);
  });

  it('leaves out of the trend a school whose calls do not cover the month', () => {
    const points = monthlyTrend(
      [
        attendanceRow(JAURES, '2026-10-01', { expected_half_days: 1000, absent_half_days: 40, late_arrivals: 0 }),
        // one call of 30 due, everyone absent: it would pull the month down to 53 %
        attendanceRow(LANGEVIN, '2026-10-01', {
          roll_calls: 1,
          calls_due: 30,
          coverage: 0.0333,
          coverage_sufficient: false,
          expected_half_days: 900,
          absent_half_days: 900,
          attendance_rate: null,
        }),
      ],
      'fr',
    );
    expect(points).toEqual([{ month: '2026-10', label: 'octobre 2026', attendance: 96, lateness: 0, counted: 1, schools: 2 }]);
  });
});
