import { api, rememberCsrfToken, unwrap } from '../../api/client';
import { isApiError } from '../../api/errors';
import type { LoginRequest, Me } from '../../api/types';

let csrfRequest: Promise<void> | null = null;

/**
 * GET /api/v1/accounts/csrf/ once per page load: Django sets the `csrftoken`
 * cookie, which the client then echoes in X-CSRFToken. `force` asks again
 * (e.g. after a 403 because the cookie was rotated or expired).
 */
export function ensureCsrfToken(force = false): Promise<void> {
  if (!csrfRequest || force) {
    csrfRequest = unwrap(api.GET('/api/v1/accounts/csrf/')).then(
      (body) => rememberCsrfToken(body?.csrf_token ?? null),
      (error: unknown) => {
        csrfRequest = null;
        throw error;
      },
    );
  }
  return csrfRequest;
}

/** For tests: forget that the CSRF endpoint was already called. */
export function resetCsrfState(): void {
  csrfRequest = null;
  rememberCsrfToken(null);
}

export function fetchMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/accounts/me/'));
}

export async function login(credentials: LoginRequest): Promise<Me> {
  await ensureCsrfToken();
  try {
    return await unwrap(api.POST('/api/v1/accounts/login/', { body: credentials }));
  } catch (error) {
    // A 403 here is a CSRF failure (stale token): refresh it once and retry.
    if (isApiError(error) && error.status === 403) {
      await ensureCsrfToken(true);
      return unwrap(api.POST('/api/v1/accounts/login/', { body: credentials }));
    }
    throw error;
  }
}

export async function logout(): Promise<void> {
  await ensureCsrfToken();
  await unwrap(api.POST('/api/v1/accounts/logout/'));
}
