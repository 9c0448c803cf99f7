import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type {
  Digest,
  DigestCategory,
  DigestInput,
  PushDevice,
  PushSettings,
  PushSubscribeInput,
  Unsubscribed,
} from '../../api/types';

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

/** Web Push: the server's key, whether it pushes at all, the viewer's devices. */
export function fetchPushSettings(): Promise<PushSettings> {
  return unwrap(api.GET('/api/v1/notifications/push/'));
}

export async function subscribePush(body: PushSubscribeInput): Promise<PushDevice> {
  await ensureCsrfToken();
  return unwrap(api.POST('/api/v1/notifications/push/subscriptions/', { body }));
}

export async function savePushCategories(id: number, categories: DigestCategory[]): Promise<PushDevice> {
  await ensureCsrfToken();
  return unwrap(
    api.PUT('/api/v1/notifications/push/subscriptions/{subscription_id}/', {
      params: { path: { subscription_id: String(id) } },
      body: { categories },
    }),
  );
}

export async function deletePushDevice(id: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(
    api.DELETE('/api/v1/notifications/push/subscriptions/{subscription_id}/', {
      params: { path: { subscription_id: String(id) } },
    }),
  );
}
