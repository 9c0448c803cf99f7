/** Route of the director's ONDE import page (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const ONDE_IMPORT_PATH = '/rentree/import';
