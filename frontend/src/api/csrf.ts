import { api, rememberCsrfToken, unwrap } from './client';

let csrfRequest: Promise<void> | null = null;

/**
 * GET /api/v1/accounts/csrf/ once per page load: Django sets the `csrftoken`
 * cookie, which the client then echoes in X-CSRFToken. `force` asks again
 * (e.g. after a 403 because the cookie was rotated or expired).
 * Every feature calls it before its first state-changing request.
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
