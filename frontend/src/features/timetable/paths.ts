/** Routes of the timetable pages (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const WEEK_PATH = '/emploi-du-temps';
export const TEACHER_DAY_PATH = '/ma-journee';
export const SCHOOL_TIMETABLES_PATH = '/emplois-du-temps';
export const CALENDAR_PATH = '/calendrier';
export const CLASSROOM_WEEK_ROUTE = '/classes/:classroomId/emploi-du-temps';

export const classroomWeekPath = (classroomId: number) => `/classes/${classroomId}/emploi-du-temps`;
