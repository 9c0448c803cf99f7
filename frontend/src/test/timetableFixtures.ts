import type {
  AgendaEvent,
  ClassroomWeek,
  DayOff,
  Occurrence,
  PupilWeek,
  TimetableClassroom,
  TimetableDay,
} from '../api/types';

export const SCHOOL = { id: 3, uai: '0940123A', name: 'École Jules Ferry' };
export const TEACHER = { id: 50, first_name: 'Paul', last_name: 'Durand' };

export function makeOccurrence(overrides: Partial<Occurrence> = {}): Occurrence {
  const date = overrides.date ?? '2026-11-30';
  const slot = overrides.slot_id ?? 11;
  return {
    uid: `slot-${slot}-${date.replaceAll('-', '')}@preau`,
    classroom_id: 7,
    classroom_name: 'CE2 B',
    date,
    start_time: '08:30:00',
    end_time: '10:00:00',
    subject: 'francais',
    is_teaching: true,
    status: 'scheduled',
    title: '',
    teacher: TEACHER,
    replacement_name: '',
    room: '',
    reason: '',
    slot_id: slot,
    exception_id: null,
    activity: '',
    moved_to: null,
    moved_to_time: null,
    moved_from: null,
    ...overrides,
  };
}

const OFF_WEDNESDAY: DayOff = { kind: 'weekend', label: 'Pas de classe' };
const WEEKEND: DayOff = { kind: 'weekend', label: 'Pas de classe' };

/** Monday 30 November – Sunday 6 December 2026, a 4-day week; `byDate` adds lessons / days off. */
export function makeDays(
  byDate: Record<string, { occurrences?: Occurrence[]; off?: DayOff; half_days?: TimetableDay['half_days'] }> = {},
  start = '2026-11-30',
): TimetableDay[] {
  const days: TimetableDay[] = [];
  for (let index = 0; index < 7; index += 1) {
    const date = new Date(`${start}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + index);
    const iso = date.toISOString().slice(0, 10);
    const extra = byDate[iso] ?? {};
    const defaultOff = index === 2 ? OFF_WEDNESDAY : index >= 5 ? WEEKEND : null;
    const off = extra.off ?? defaultOff;
    const half_days = extra.half_days ?? (off ? [] : ['morning', 'afternoon']);
    days.push({
      date: iso,
      is_school_day: half_days.length > 0,
      half_days,
      off: half_days.length > 0 ? null : off,
      half_days_off: [],
      occurrences: extra.occurrences ?? [],
    });
  }
  return days;
}

export function makeClassroom(overrides: Partial<TimetableClassroom> = {}): TimetableClassroom {
  return { id: 7, name: 'CE2 B', levels: ['CE2'], school: SCHOOL, ...overrides };
}

export function makePupilWeek(overrides: Partial<PupilWeek> = {}): PupilWeek {
  return {
    pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
    classroom: makeClassroom(),
    start: '2026-11-30',
    end: '2026-12-06',
    days: makeDays(),
    calendar_notices: [],
    events: [],
    ...overrides,
  };
}

export function makeClassroomWeek(overrides: Partial<ClassroomWeek> = {}): ClassroomWeek {
  return {
    classroom: makeClassroom(),
    weekly_teaching_minutes: 1440,
    national_weekly_minutes: 1440,
    can_edit_slots: false,
    can_edit_exceptions: false,
    start: '2026-11-30',
    end: '2026-12-06',
    days: makeDays(),
    calendar_notices: [],
    events: [],
    ...overrides,
  };
}

export function makeEvent(overrides: Partial<AgendaEvent> = {}): AgendaEvent {
  return {
    id: 900,
    school_id: SCHOOL.id,
    classroom_id: null,
    kind: 'reunion_parents',
    title: 'Réunion de rentrée',
    description: '',
    location: 'Préau',
    starts_at: '2026-12-03T18:00:00+01:00',
    ends_at: '2026-12-03T19:30:00+01:00',
    ...overrides,
  };
}

export const emptyPage = { count: 0, next: null, previous: null, results: [] };

export function page<T>(results: T[]) {
  return { count: results.length, next: null, previous: null, results };
}
