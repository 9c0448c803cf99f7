/** Routes of the messaging pages (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */
export const INBOX_PATH = '/messagerie';
export const CONVERSATION_ROUTE = '/messagerie/:conversationId';
export const NOTES_PATH = '/cahier-de-liaison';
export const ANNOUNCEMENTS_PATH = '/annonces';

export const conversationPath = (conversationId: number) => `/messagerie/${conversationId}`;
