import { ME_PATH } from '../today/paths';

/** Public page of a digest's "Ne plus recevoir cette rubrique" link (src/AppRoutes.tsx). */
export const UNSUBSCRIBE_ROUTE = '/desabonnement/:token';

/** The digest's section of "Mon espace", the target of the digest's "Changer son heure ou ses rubriques". */
export const DIGEST_ANCHOR = 'resume';
export const DIGEST_SETTINGS_PATH = `${ME_PATH}#${DIGEST_ANCHOR}`;
