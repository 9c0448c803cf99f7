import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import { isApiError } from '../../api/errors';
import type { LoginRequest, Me } from '../../api/types';

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
