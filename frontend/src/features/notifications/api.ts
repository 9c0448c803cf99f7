import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type { Digest, DigestInput, Unsubscribed } from '../../api/types';

/** The viewer's daily digest by e-mail: its time, its categories and the address it goes to. */
export function fetchDigest(): Promise<Digest> {
  return unwrap(api.GET('/api/v1/notifications/digest/'));
}

export async function saveDigest(body: DigestInput): Promise<Digest> {
  await ensureCsrfToken();
  return unwrap(api.PUT('/api/v1/notifications/digest/', { body }));
}

/**
 * The one-click unsubscription of a digest's link. Posted with no session and no CSRF
 * token (the view authenticates nobody: the token is the only credential), so no call to
 * the CSRF endpoint first; the client adds X-CSRFToken only when it has one.
 */
export function unsubscribe(token: string): Promise<Unsubscribed> {
  return unwrap(api.POST('/api/v1/notifications/unsubscribe/{token}/', { params: { path: { token } } }));
}
