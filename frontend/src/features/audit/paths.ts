/** Route of the audit log page (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const AUDIT_LOG_PATH = '/direction/journal';
