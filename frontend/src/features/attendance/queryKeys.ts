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
  /**
   * The calls kept on this device (IndexedDB), not the server's: outside the prefix, so
   * that refreshing the server's data never waits on the device's storage. Re-read when
   * they change (pendingCalls.ts, subscribePendingCalls).
   */
  pending: () => ['attendance-device', 'pending'] as const,
  pendingCall: (userId: number, classroomId: number, date: string | undefined, halfDay: string | undefined) =>
    ['attendance-device', 'pending', userId, classroomId, date ?? '', halfDay ?? ''] as const,
};
