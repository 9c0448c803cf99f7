/** Routes of the safety pages (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const SAFETY_PATH = '/securite';
export const MUSTER_ROUTE = '/securite/rassemblement/:musterId';
export const EXERCISES_PATH = '/securite/exercices';

export const musterPath = (musterId: number) => `/securite/rassemblement/${musterId}`;
