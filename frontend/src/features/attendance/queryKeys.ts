/**
 * Every attendance query lives under this prefix: a live event (`attendance.*`) or a
 * successful write invalidates them all at once (a few small lists on screen).
 */
export const ATTENDANCE_QUERY_KEY = ['attendance'] as const;

export const attendanceKeys = {
  sheet: (classroomId: number, date: string | undefined, halfDay: string | undefined) =>
    [...ATTENDANCE_QUERY_KEY, 'sheet', classroomId, date ?? 'today', halfDay ?? 'now'] as const,
  absences: (filters: object) => [...ATTENDANCE_QUERY_KEY, 'absences', filters] as const,
  notices: (pupilId: number) => [...ATTENDANCE_QUERY_KEY, 'notices', pupilId] as const,
  notTaken: (schoolId: number, date: string | undefined) =>
    [...ATTENDANCE_QUERY_KEY, 'not-taken', schoolId, date ?? 'default'] as const,
  register: (classroomId: number, month: string) => [...ATTENDANCE_QUERY_KEY, 'register', classroomId, month] as const,
  cases: (status: string | undefined) => [...ATTENDANCE_QUERY_KEY, 'cases', status ?? 'all'] as const,
  preferences: () => [...ATTENDANCE_QUERY_KEY, 'preferences'] as const,
};
