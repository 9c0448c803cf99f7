/** Routes of the homework pages (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const HOMEWORK_PATH = '/devoirs';
export const LESSONS_ROUTE = '/classes/:classroomId/cahier-de-textes';
export const CLASSROOM_HOMEWORK_ROUTE = '/classes/:classroomId/devoirs';

export const lessonsPath = (classroomId: number) => `/classes/${classroomId}/cahier-de-textes`;
export const classroomHomeworkPath = (classroomId: number) => `/classes/${classroomId}/devoirs`;
