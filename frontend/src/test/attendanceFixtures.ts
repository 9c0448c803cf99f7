import type {
  Absence,
  Me,
  Register,
  RegisterCell,
  RollCall,
  RollCallSheet,
  SheetPupil,
} from '../api/types';
import { guardianWithTwoChildren, makeMe } from './fixtures';

const SCHOOL = { id: 3, uai: '0940123A', name: 'École Jules Ferry' };

export const teacherOfCe2B: Me = makeMe({
  id: 2,
  username: 'paul.durand',
  display_name: 'Paul Durand',
  roles: ['teacher'],
  person: { id: 20, first_name: 'Paul', last_name: 'Durand' },
  classrooms: [{ id: 7, name: 'CE2 B', levels: ['CE2'], school: SCHOOL, school_year: '2026-2027' }],
  schools: [{ ...SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'teacher' }],
});

export const directorOfJulesFerry: Me = makeMe({
  id: 3,
  username: 'anne.leroy',
  display_name: 'Anne Leroy',
  roles: ['director'],
  person: { id: 30, first_name: 'Anne', last_name: 'Leroy' },
  schools: [{ ...SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'director' }],
});

export { guardianWithTwoChildren };

export function makeSheetPupil(overrides: Partial<SheetPupil> = {}): SheetPupil {
  return {
    pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
    level: 'CE2',
    presence: 'present',
    minutes_late: null,
    absence_id: null,
    justification_status: null,
    notice: null,
    ...overrides,
  };
}

export const PAUL = { id: 20, first_name: 'Paul', last_name: 'Durand' };

export function makeSheet(overrides: Partial<RollCallSheet> = {}): RollCallSheet {
  return {
    classroom: { id: 7, name: 'CE2 B', school_id: 3 },
    date: '2026-11-24',
    half_day: 'morning',
    roll_call: null,
    pupils: [
      makeSheetPupil(),
      makeSheetPupil({ pupil: { id: 103, first_name: 'Noé', last_name: 'Bernard' } }),
      makeSheetPupil({ pupil: { id: 104, first_name: 'Inès', last_name: 'Petit' } }),
    ],
    ...overrides,
  };
}

/** The call as the server answers it; 07:42 UTC is 08:42 in Paris in November. */
export function makeRollCall(overrides: Partial<RollCall> = {}): RollCall {
  return {
    id: 55,
    classroom_id: 7,
    date: '2026-11-24',
    half_day: 'morning',
    taken_at: '2026-11-24T07:42:00Z',
    taken_by: PAUL,
    version: 1,
    updated_at: '2026-11-24T07:42:00Z',
    absences: [],
    ...overrides,
  };
}

export function makeAbsence(overrides: Partial<Absence> = {}): Absence {
  return {
    id: 901,
    pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
    classroom: { id: 7, name: 'CE2 B', school_id: 3 },
    roll_call_id: 55,
    date: '2026-11-23',
    half_day: 'morning',
    absence_kind: 'absent',
    minutes_late: null,
    justification_status: 'none',
    is_justified: false,
    absence_reason: '',
    comment: '',
    justified_by: null,
    justified_at: null,
    reviewed_by: null,
    reviewed_at: null,
    refusal_reason: '',
    notice_id: null,
    document: null,
    ...overrides,
  };
}

const PRESENT: RegisterCell = {
  mark: 'present',
  minutes_late: null,
  absence_id: null,
  justification_status: null,
  absence_reason: '',
};

export function makeRegister(overrides: Partial<Register> = {}): Register {
  return {
    classroom: { id: 7, name: 'CE2 B', school_id: 3 },
    month: '2026-11',
    half_days: [
      { date: '2026-11-23', half_day: 'morning', roll_call_taken: true, is_over: true },
      { date: '2026-11-23', half_day: 'afternoon', roll_call_taken: true, is_over: true },
      { date: '2026-11-24', half_day: 'morning', roll_call_taken: false, is_over: true },
    ],
    rows: [
      {
        pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
        level: 'CE2',
        cells: [
          { ...PRESENT, mark: 'absent', absence_id: 901, justification_status: 'accepted', absence_reason: 'maladie_enfant' },
          { ...PRESENT, mark: 'late', minutes_late: 10, absence_id: 902, justification_status: 'none' },
          { ...PRESENT, mark: 'not_taken' },
        ],
        totals: { absent: 1, absent_justified: 1, absent_unjustified: 0, late: 1, minutes_late: 10 },
      },
      {
        pupil: { id: 103, first_name: 'Noé', last_name: 'Bernard' },
        level: 'CE2',
        cells: [
          { ...PRESENT, mark: 'absent', absence_id: 903, justification_status: 'none' },
          PRESENT,
          { ...PRESENT, mark: 'not_taken' },
        ],
        totals: { absent: 1, absent_justified: 0, absent_unjustified: 1, late: 0, minutes_late: 0 },
      },
    ],
    sign_off: null,
    ...overrides,
  };
}
