/** Routes of the home page and of the profile (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const TODAY_PATH = '/';
export const ME_PATH = '/moi';
