/**
 * Errors returned by the Préau API always look like
 * `{"error": {"code": string, "message": string, "fields": {name: [messages]}}}`.
 * ApiError carries that payload plus the HTTP status and, for 429, Retry-After.
 */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldErrors;
  /** Seconds to wait before retrying (from the Retry-After header), if given. */
  readonly retryAfterSeconds: number | null;
  /** True when the server sent a usable French message in the error body. */
  readonly hasServerMessage: boolean;

  constructor(options: {
    status: number;
    code: string;
    message?: string;
    fields?: FieldErrors;
    retryAfterSeconds?: number | null;
  }) {
    super(options.message || options.code);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.fields = options.fields ?? {};
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
    this.hasServerMessage = Boolean(options.message);
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }

  get isThrottled(): boolean {
    return this.status === 429;
  }

  get isNetworkError(): boolean {
    return this.status === 0;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

export function isUnauthenticated(error: unknown): boolean {
  return isApiError(error) && error.isUnauthenticated;
}

/** Parses Retry-After: either delay-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseFields(value: unknown): FieldErrors {
  if (!isRecord(value)) return {};
  const fields: FieldErrors = {};
  for (const [name, messages] of Object.entries(value)) {
    if (Array.isArray(messages)) {
      fields[name] = messages.filter((m): m is string => typeof m === 'string');
    } else if (typeof messages === 'string') {
      fields[name] = [messages];
    }
  }
  return fields;
}

/** Builds an ApiError from a non-2xx response and its (already parsed) body. */
export function apiErrorFromResponse(response: Response, body: unknown): ApiError {
  const retryAfterSeconds = parseRetryAfter(response.headers.get('Retry-After'));
  const payload = isRecord(body) && isRecord(body.error) ? body.error : null;
  return new ApiError({
    status: response.status,
    code: payload && typeof payload.code === 'string' ? payload.code : `http_${response.status}`,
    message: payload && typeof payload.message === 'string' ? payload.message : undefined,
    fields: payload ? parseFields(payload.fields) : {},
    retryAfterSeconds,
  });
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError({ status: 0, code: 'network_error' });
  (error as { cause?: unknown }).cause = cause;
  return error;
}
