/** Routes of the attendance pages (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const ROLL_CALL_ROUTE = '/classes/:classroomId/appel';
export const ABSENCES_PATH = '/absences';
export const CALLS_NOT_TAKEN_PATH = '/direction/appels';
export const JUSTIFICATIONS_PATH = '/direction/justificatifs';
export const REGISTER_PATH = '/direction/registre';
export const CASES_PATH = '/direction/absenteisme';

export const rollCallPath = (classroomId: number, date?: string, halfDay?: string) => {
  const query = new URLSearchParams();
  if (date) query.set('date', date);
  if (halfDay) query.set('demi-journee', halfDay);
  const search = query.toString();
  return `/classes/${classroomId}/appel${search ? `?${search}` : ''}`;
};
