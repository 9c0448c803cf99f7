/** Routes of the federation pages (src/AppRoutes.tsx; navigation in src/shared/nav.ts). */

/** Public: where the server sends a browser whose provider identity is not yet linked. */
export const LINK_PATH = '/connexion/lier';
/** The director's list of the school's people who sign in through a provider. */
export const LINKED_ACCOUNTS_PATH = '/direction/comptes-relies';
