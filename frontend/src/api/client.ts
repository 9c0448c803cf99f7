import createClient, { type Middleware } from 'openapi-fetch';

import { apiErrorFromResponse, networkError } from './errors';
import type { paths } from './types';

export const CSRF_COOKIE_NAME = 'csrftoken';
export const CSRF_HEADER_NAME = 'X-CSRFToken';

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Reads a cookie set by Django (the CSRF cookie is not HttpOnly). */
export function readCookie(name: string): string | null {
  if (typeof document === 'undefined' || !document.cookie) return null;
  for (const part of document.cookie.split(';')) {
    const index = part.indexOf('=');
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) {
      return decodeURIComponent(part.slice(index + 1).trim());
    }
  }
  return null;
}

// Fallback when the cookie cannot be read (e.g. CSRF_COOKIE_HTTPONLY): the token
// returned in the body of GET /api/v1/accounts/csrf/.
let csrfTokenFromBody: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  csrfTokenFromBody = token;
}

export function getCsrfToken(): string | null {
  return readCookie(CSRF_COOKIE_NAME) ?? csrfTokenFromBody;
}

/** Adds X-CSRFToken to every state-changing request. */
export const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (!UNSAFE_METHODS.has(request.method.toUpperCase())) return undefined;
    const token = getCsrfToken();
    if (token) request.headers.set(CSRF_HEADER_NAME, token);
    return request;
  },
};

function apiBaseUrl(): string {
  // Same origin as the page: Django serves both the SPA and the API.
  return typeof window !== 'undefined' ? window.location.origin : '';
}

export const api = createClient<paths>({
  baseUrl: apiBaseUrl(),
  credentials: 'same-origin',
  headers: { Accept: 'application/json' },
  // Resolved at call time so that tests can stub globalThis.fetch.
  fetch: (request) => globalThis.fetch(request),
});
api.use(csrfMiddleware);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError
 * (status 0 / code `network_error` when the server could not be reached).
 */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (cause) {
    throw networkError(cause);
  }
  if (!result.response.ok) {
    throw apiErrorFromResponse(result.response, result.error);
  }
  return result.data as T;
}
