import type { Me } from '../api/types';
import type {
  AuthorityAttendanceRow,
  AuthorityCoverage,
  AuthorityCanteenRow,
  AuthorityCase,
  AuthorityCirconscription,
  AuthorityOverview,
  AuthoritySchool,
  AuthoritySchoolClassrooms,
  AuthoritySchoolRef,
  AuthorityNotTaken,
} from '../features/authority/types';
import { makeMe } from './fixtures';

export { page } from './timetableFixtures';

export const inspectorMe: Me = makeMe({
  display_name: 'Irène Inspectrice',
  roles: ['inspector'],
  person: { id: 90, first_name: 'Irène', last_name: 'Inspectrice' },
  authority_scopes: [{ role: 'inspector', label: 'Circonscription Vitry-sur-Seine 2', departement_id: null }],
});

export const communeMe: Me = makeMe({
  display_name: 'Marc Mairie',
  roles: ['commune'],
  person: { id: 91, first_name: 'Marc', last_name: 'Mairie' },
  authority_scopes: [{ role: 'commune', label: 'Commune de Vitry-sur-Seine', departement_id: null }],
});

export const JAURES: AuthoritySchoolRef = {
  id: 12,
  uai: '0941234A',
  name: 'École Jean Jaurès',
  commune: { insee_code: '94081', name: 'Vitry-sur-Seine' },
  circonscription: { code: '0941002K', name: 'Vitry-sur-Seine 2' },
  full_figures: true,
};

export const LANGEVIN: AuthoritySchoolRef = {
  id: 13,
  uai: '0945678B',
  name: 'École Paul Langevin',
  commune: { insee_code: '94022', name: 'Choisy-le-Roi' },
  circonscription: { code: '0941002K', name: 'Vitry-sur-Seine 2' },
  full_figures: true,
};

/** Jaurès as the commune sees it: figures under 5 pupils masked. */
export const JAURES_COMMUNE: AuthoritySchoolRef = { ...JAURES, full_figures: false };

/** Two schools with calls due this month, both covered. */
export const fullCoverage: AuthorityCoverage = {
  calls_due: 189,
  calls_taken: 189,
  coverage: 1,
  threshold: 0.8,
  schools: 2,
  schools_covered: 2,
  schools_left_out: 0,
  schools_without_calls: 0,
};

export const inspectorOverview: AuthorityOverview = {
  date: '2026-11-24',
  authority_roles: ['inspector'],
  scopes: [{ role: 'inspector', code: '0941002K', name: 'Vitry-sur-Seine 2' }],
  schools: 2,
  classrooms: 7,
  pupils: 163,
  attendance_rate_this_month: 0.9612,
  attendance_coverage: fullCoverage,
  open_l1318_cases: 1,
  suppressed: [],
};

export const communeOverview: AuthorityOverview = {
  date: '2026-11-24',
  authority_roles: ['commune'],
  scopes: [{ role: 'commune', code: '94081', name: 'Vitry-sur-Seine' }],
  schools: 1,
  classrooms: 4,
  pupils: 96,
  attendance_rate_this_month: null,
  attendance_coverage: { ...fullCoverage, calls_due: 108, calls_taken: 108, schools: 1, schools_covered: 1 },
  open_l1318_cases: null,
  suppressed: ['attendance_rate_this_month'],
};

export function schoolRow(school: AuthoritySchoolRef, overrides: Partial<AuthoritySchool> = {}): AuthoritySchool {
  return { school, classrooms: 4, pupils: 96, open_l1318_cases: school.full_figures ? 1 : null, suppressed: [], ...overrides };
}

export function attendanceRow(
  school: AuthoritySchoolRef,
  periodStart: string,
  overrides: Partial<AuthorityAttendanceRow> = {},
): AuthorityAttendanceRow {
  return {
    school,
    classroom: null,
    period_start: periodStart,
    roll_calls: 30,
    calls_due: 30,
    coverage: 1,
    coverage_sufficient: true,
    pupils: 96,
    expected_half_days: 1000,
    absent_half_days: 40,
    unjustified_half_days: 6,
    late_arrivals: 20,
    absent_pupils: 18,
    late_pupils: 9,
    attendance_rate: 0.96,
    lateness_rate: 0.02,
    suppressed: [],
    ...overrides,
  };
}

/** A row of a commune view where fewer than 5 pupils were absent or late: masked. */
export const maskedAttendance = (school: AuthoritySchoolRef, periodStart: string) =>
  attendanceRow(school, periodStart, {
    absent_half_days: null,
    unjustified_half_days: null,
    late_arrivals: null,
    absent_pupils: null,
    late_pupils: null,
    attendance_rate: null,
    lateness_rate: null,
    suppressed: [
      'absent_pupils',
      'late_pupils',
      'absent_half_days',
      'unjustified_half_days',
      'attendance_rate',
      'late_arrivals',
      'lateness_rate',
    ],
  });

export const notTakenRow: AuthorityNotTaken = {
  school: JAURES,
  start: '2026-11-24',
  end: '2026-11-24',
  school_half_days: 1,
  calls_expected: 4,
  calls_taken: 3,
  calls_missing: 1,
  classrooms: [
    { id: 70, name: 'CE2 A', expected: 1, taken: 0, missing: 1 },
    { id: 71, name: 'CM1', expected: 1, taken: 1, missing: 0 },
  ],
};

export const caseRow: AuthorityCase = {
  id: 5,
  pupil: { id: 300, first_name: 'Hugo', last_name: 'Bernard', birth_date: '2017-05-02' },
  school: { id: JAURES.id, uai: JAURES.uai, name: JAURES.name },
  classroom: { id: 70, name: 'CE2 A' },
  month: '2026-11',
  unjustified_half_days: 5,
  case_status: 'open',
  opened_at: '2026-11-20T09:00:00+01:00',
  family_contacted_on: null,
  reported_on: null,
  closed_on: null,
};

export const canteenRow: AuthorityCanteenRow = {
  school: JAURES_COMMUNE,
  has_canteen: true,
  today: {
    date: '2026-11-24',
    classrooms: 4,
    morning_roll_calls_taken: 3,
    present_in_called_classrooms: 70,
    expected_in_other_classrooms: 24,
    estimate: 94,
    suppressed: [],
  },
  days: [
    { date: '2026-11-24', enrolled: 96, announced_absent: 6, expected: 90, suppressed: [] },
    { date: '2026-11-26', enrolled: 96, announced_absent: null, expected: 93, suppressed: ['announced_absent'] },
  ],
};

export const circonscriptionRow: AuthorityCirconscription = {
  code: '0941002K',
  name: 'Vitry-sur-Seine 2',
  departement: '094',
  schools: 2,
  classrooms: 7,
  pupils: 163,
  expected_half_days: 2000,
  absent_half_days: 80,
  late_arrivals: 30,
  attendance_rate: 0.96,
  lateness_rate: 0.015,
  attendance_coverage: fullCoverage,
  open_l1318_cases: 1,
};

export const jauresClassrooms: AuthoritySchoolClassrooms = {
  school: JAURES,
  date: '2026-11-24',
  classrooms: [
    {
      id: 70,
      name: 'CE2 A',
      levels: ['CE2'],
      school_year: '2026-2027',
      teachers: ['Paul Durand'],
      pupils: 24,
      pupils_per_level: [{ level: 'CE2', pupils: 24, suppressed: [] }],
      suppressed: [],
    },
  ],
};
