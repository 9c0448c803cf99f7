import type { ExerciseSummary, MusterClass, MusterDetail, MusterPupil, MusterSummary } from '../api/types';

export { directorOfJulesFerry, teacherOfCe2B } from './attendanceFixtures';

/** School 3 (École Jules Ferry) of the attendance fixtures; Paul Durand (person 20) leads CE2 B. */
export const SCHOOL_ID = 3;
export const MUSTER_ID = 41;
export const STARTED_AT = '2026-12-01T09:00:00Z';

export function makeMusterPupil(overrides: Partial<MusterPupil> = {}): MusterPupil {
  return { pupil_id: 101, first_name: 'Léa', last_name: 'Martin', absent_today: false, found_at: null, ...overrides };
}

export function makeMusterClass(overrides: Partial<MusterClass> = {}): MusterClass {
  return {
    classroom_id: 7,
    classroom_name: 'CE2 B',
    responsible_id: 20,
    responsible_name: 'Paul Durand',
    expected: 2,
    found: 0,
    missing: 2,
    pupils: [
      makeMusterPupil(),
      makeMusterPupil({ pupil_id: 103, first_name: 'Noé', last_name: 'Bernard' }),
      makeMusterPupil({ pupil_id: 104, first_name: 'Inès', last_name: 'Petit', absent_today: true }),
    ],
    ...overrides,
  };
}

/** A fire drill under way: CE2 B (Paul's) and CM1 (Sarah's), nobody found yet. */
export function makeMuster(overrides: Partial<MusterDetail> = {}): MusterDetail {
  return {
    id: MUSTER_ID,
    school_id: SCHOOL_ID,
    kind: 'fire',
    kind_label: 'Évacuation incendie',
    is_drill: true,
    started_at: STARTED_AT,
    ended_at: null,
    observations: '',
    may_end: false,
    may_assign: false,
    expected: 3,
    found: 0,
    missing: 3,
    classes: [
      makeMusterClass(),
      makeMusterClass({
        classroom_id: 8,
        classroom_name: 'CM1',
        responsible_id: 21,
        responsible_name: 'Sarah Leclerc',
        expected: 1,
        missing: 1,
        pupils: [makeMusterPupil({ pupil_id: 201, first_name: 'Hugo', last_name: 'Bernard' })],
      }),
    ],
    ...overrides,
  };
}

/** The muster with some pupils found (as the server sends it after their taps). */
export function withFound(muster: MusterDetail, found: Record<number, string>): MusterDetail {
  return {
    ...muster,
    classes: muster.classes.map((group) => ({
      ...group,
      pupils: group.pupils.map((pupil) => ({ ...pupil, found_at: found[pupil.pupil_id] ?? pupil.found_at })),
    })),
  };
}

export function makeSummary(overrides: Partial<MusterSummary> = {}): MusterSummary {
  return {
    id: 40,
    school_id: SCHOOL_ID,
    kind: 'ppms_major',
    kind_label: 'PPMS risques majeurs',
    is_drill: true,
    started_at: '2026-11-17T09:00:00Z',
    ended_at: '2026-11-17T09:12:00Z',
    observations: 'Alarme inaudible dans le préau',
    expected_count: 54,
    found_count: 54,
    missing_count: 0,
    ...overrides,
  };
}

export function makeExercises(overrides: Partial<ExerciseSummary> = {}): ExerciseSummary {
  return {
    school_year: '2026-2027',
    required: { fire: 2, ppms_major: 1, ppms_intrusion: 1 },
    first_fire_drill_days: 30,
    schools: [
      {
        school_id: 3,
        uai: '0940123A',
        name: 'École Jules Ferry',
        done: { fire: 2, ppms_major: 1, ppms_intrusion: 1 },
        missing: { fire: 0, ppms_major: 0, ppms_intrusion: 0 },
        fire_in_first_month: true,
        complete: true,
      },
      {
        school_id: 4,
        uai: '0940124B',
        name: 'École Paul Langevin',
        done: { fire: 1 },
        missing: { fire: 1, ppms_major: 1, ppms_intrusion: 1 },
        fire_in_first_month: false,
        complete: false,
      },
    ],
    ...overrides,
  };
}
