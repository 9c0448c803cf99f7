import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../test/fetchMock';
import { api, CSRF_HEADER_NAME, rememberCsrfToken, unwrap } from './client';
import { ApiError, parseRetryAfter } from './errors';

describe('api client', () => {
  it('sends the csrftoken cookie as X-CSRFToken on POST, with same-origin credentials', async () => {
    document.cookie = 'csrftoken=cookie-token-123; path=/';
    const { requestsTo } = mockFetch({
      'POST /api/v1/accounts/logout/': () => new Response(null, { status: 204 }),
    });

    await unwrap(api.POST('/api/v1/accounts/logout/'));

    const [request] = requestsTo('POST', '/api/v1/accounts/logout/');
    expect(request).toBeDefined();
    expect(request?.headers.get(CSRF_HEADER_NAME)).toBe('cookie-token-123');
    expect(request?.credentials).toBe('same-origin');
  });

  it('does not send the CSRF header on GET', async () => {
    document.cookie = 'csrftoken=cookie-token-123; path=/';
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'x' }),
    });

    await unwrap(api.GET('/api/v1/accounts/csrf/'));

    expect(requestsTo('GET', '/api/v1/accounts/csrf/')[0]?.headers.has(CSRF_HEADER_NAME)).toBe(false);
  });

  it('falls back to the token returned by the csrf endpoint when the cookie is unreadable', async () => {
    rememberCsrfToken('body-token-456');
    const { requestsTo } = mockFetch({
      'POST /api/v1/accounts/logout/': () => new Response(null, { status: 204 }),
    });

    await unwrap(api.POST('/api/v1/accounts/logout/'));

    expect(requestsTo('POST', '/api/v1/accounts/logout/')[0]?.headers.get(CSRF_HEADER_NAME)).toBe(
      'body-token-456',
    );
  });

  it('turns the error envelope into an ApiError with code, message, fields and Retry-After', async () => {
    mockFetch({
      'POST /api/v1/accounts/login/': () =>
        apiError(429, 'throttled', 'Trop de tentatives.', {}, { 'Retry-After': '90' }),
    });

    const error = await unwrap(
      api.POST('/api/v1/accounts/login/', { body: { username: 'a', password: 'b' } }),
    ).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'throttled', message: 'Trop de tentatives.', retryAfterSeconds: 90 });
  });

  it('reports an unreachable server as a network error', async () => {
    mockFetch({});
    globalThis.fetch = () => Promise.reject(new TypeError('Failed to fetch'));

    const error = await unwrap(api.GET('/api/v1/accounts/me/')).catch((e: unknown) => e);

    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });

  it('parses Retry-After as seconds or HTTP date', () => {
    expect(parseRetryAfter('120')).toBe(120);
    expect(parseRetryAfter(null)).toBeNull();
    const now = Date.parse('2026-01-01T10:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 10:05:00 GMT', now)).toBe(300);
  });
});
