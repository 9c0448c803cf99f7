import { describe, expect, it } from 'vitest';

import { attendanceRow, JAURES, LANGEVIN, maskedAttendance } from '../../test/authorityFixtures';
import { monthlyTrend } from './Charts';
import { count, rate, schoolYearStart } from './format';

describe('authority figures', () => {
  it('writes "<5" for a masked field, "—" for no figure, the number otherwise', () => {
    const row = { suppressed: ['absent_pupils'] };
    expect(count(row, 'absent_pupils', null)).toBe('<5');
    expect(count(row, 'pupils', null)).toBe('—');
    expect(count(row, 'pupils', 1234)).toMatch(/^1\s234$/);
    expect(rate({ suppressed: [] }, 'attendance_rate', 0.9612)).toMatch(/^96,1\s%$/);
    expect(rate({ suppressed: ['attendance_rate'] }, 'attendance_rate', null)).toBe('<5');
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
    expect(points).toEqual([{ month: '2026-10', label: 'octobre 2026', attendance: 95, lateness: 1 }]);
  });
});
