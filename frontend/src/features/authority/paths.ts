/** Routes of the authority dashboards (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const DASHBOARD_PATH = '/tableau-de-bord';
export const CIRCONSCRIPTION_ROUTE = '/tableau-de-bord/circonscriptions/:code';
export const SCHOOL_ROUTE = '/tableau-de-bord/ecoles/:schoolId';
export const HOLIDAYS_PATH = '/calendrier-scolaire';
export const CLASSROOM_ROUTE = '/tableau-de-bord/classes/:classroomId';

export const circonscriptionPath = (code: string) => `/tableau-de-bord/circonscriptions/${encodeURIComponent(code)}`;
export const schoolPath = (schoolId: number) => `/tableau-de-bord/ecoles/${schoolId}`;
export const classroomPath = (classroomId: number) => `/tableau-de-bord/classes/${classroomId}`;
