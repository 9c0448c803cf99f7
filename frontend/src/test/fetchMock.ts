import { vi } from 'vitest';

export type Handler = (request: Request) => Response | Promise<Response>;

/** A JSON response, as the Django API sends them. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function apiError(
  status: number,
  code: string,
  message: string,
  fields: Record<string, string[]> = {},
  headers: Record<string, string> = {},
): Response {
  return json(status, { error: { code, message, fields } }, headers);
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Headers;
  credentials: RequestCredentials;
  body: string;
}

/**
 * Replaces globalThis.fetch with a router keyed by "METHOD /path/".
 * Unknown routes answer 404 so that a missing mock is visible in the test.
 */
export function mockFetch(routes: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const path = new URL(request.url).pathname;
    requests.push({
      method: request.method,
      path,
      headers: new Headers(request.headers),
      credentials: request.credentials,
      body: request.body ? await request.clone().text() : '',
    });
    const handler = routes[`${request.method} ${path}`];
    if (!handler) return apiError(404, 'not_found', `No mock for ${request.method} ${path}`);
    return handler(request);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    fetchMock,
    requests,
    requestsTo: (method: string, path: string) =>
      requests.filter((r) => r.method === method && r.path === path),
  };
}
