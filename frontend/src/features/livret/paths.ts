/** Routes of the livret pages (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const EVALUATIONS_ROUTE = '/classes/:classroomId/evaluations';
export const GRID_ROUTE = '/evaluations/:evaluationId/grille';
export const FAMILY_LIVRET_PATH = '/livret';

export const evaluationsPath = (classroomId: number) => `/classes/${classroomId}/evaluations`;
export const gridPath = (evaluationId: number) => `/evaluations/${evaluationId}/grille`;
export const CLASS_BILANS_ROUTE = '/classes/:classroomId/livret';
export const classBilansPath = (classroomId: number) => `/classes/${classroomId}/livret`;
export const SCHOOL_LIVRET_PATH = '/direction/livret';
export const LIVRET_PROGRESS_PATH = '/tableau-de-bord/livret';
export const CYCLE_BILANS_ROUTE = '/classes/:classroomId/fin-de-cycle';
export const cycleBilansPath = (classroomId: number) => `/classes/${classroomId}/fin-de-cycle`;
