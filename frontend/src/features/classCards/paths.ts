/** Routes of the class cards' pages (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */

/** The classroom's tablet: public, it works only on a device a teacher enrolled. */
export const DEVICE_PATH = '/classe';
export const CLASS_CARDS_ROUTE = '/classes/:classroomId/cartes';
/** The director's way in: the classes of the school, each with its cards. */
export const CLASS_CARDS_INDEX_PATH = '/cartes-de-classe';

export const classCardsPath = (classroomId: number) => `/classes/${classroomId}/cartes`;
