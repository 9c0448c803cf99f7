/**
 * Every timetable query lives under this prefix: a live event (`timetable.changed`,
 * `agenda.changed`) or a successful write invalidates them all at once.
 */
export const TIMETABLE_QUERY_KEY = ['timetable'] as const;

export const timetableKeys = {
  childrenWeek: (start: string) => [...TIMETABLE_QUERY_KEY, 'children-week', start] as const,
  classroomWeek: (classroomId: number, start: string) =>
    [...TIMETABLE_QUERY_KEY, 'classroom-week', classroomId, start] as const,
  teacherDay: (date: string) => [...TIMETABLE_QUERY_KEY, 'teacher-day', date] as const,
  schoolCalendar: (schoolId: number, start: string, end: string) =>
    [...TIMETABLE_QUERY_KEY, 'school-calendar', schoolId, start, end] as const,
  slots: (classroomId: number) => [...TIMETABLE_QUERY_KEY, 'slots', classroomId] as const,
  closures: (schoolId: number) => [...TIMETABLE_QUERY_KEY, 'closures', schoolId] as const,
  events: (schoolId: number, start: string, end: string) =>
    [...TIMETABLE_QUERY_KEY, 'events', schoolId, start, end] as const,
  feeds: () => [...TIMETABLE_QUERY_KEY, 'feeds'] as const,
};
