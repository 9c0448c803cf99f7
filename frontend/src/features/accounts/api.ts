import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import { isApiError } from '../../api/errors';
import type {
  ActivateRequest,
  ClassroomDetail,
  InvitationLettersRequest,
  LoginRequest,
  LoginResult,
  Me,
  OtpSetup,
  OtpStatus,
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  UserSession,
} from '../../api/types';

/** A public form's POST: a 403 is a stale CSRF token, refreshed once before a retry. */
async function withFreshCsrf<T>(send: () => Promise<T>): Promise<T> {
  await ensureCsrfToken();
  try {
    return await send();
  } catch (error) {
    if (isApiError(error) && error.status === 403) {
      await ensureCsrfToken(true);
      return send();
    }
    throw error;
  }
}

export function fetchMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/accounts/me/'));
}

/** POST login: the Me of a signed-in user, or the second factor still to give or set up. */
export async function login(credentials: LoginRequest): Promise<LoginResult> {
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

/** POST activate: creates the guardian's login from an invitation code and signs in (201 + Me). */
export async function activate(body: ActivateRequest): Promise<Me> {
  await ensureCsrfToken();
  try {
    return await unwrap(api.POST('/api/v1/accounts/activate/', { body }));
  } catch (error) {
    if (isApiError(error) && error.status === 403) {
      await ensureCsrfToken(true);
      return unwrap(api.POST('/api/v1/accounts/activate/', { body }));
    }
    throw error;
  }
}

export const EXPORT_URL = '/api/v1/accounts/me/export.zip';

/** POST invitations: new codes for the guardians without a login, as a PDF of letters. */
export async function fetchInvitationLetters(schoolId: number, body: InvitationLettersRequest): Promise<Blob> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/schools/{school_id}/invitations/', {
      params: { path: { school_id: String(schoolId) } },
      body,
      parseAs: 'blob',
    }),
  ) as Promise<Blob>;
}

/** The classrooms of a school, to print the letters of one classroom only. */
export async function fetchClassroomsOfSchool(schoolId: number): Promise<ClassroomDetail[]> {
  const page = await unwrap(
    api.GET('/api/v1/schools/classrooms/', { params: { query: { school: schoolId, page_size: 200 } } }),
  );
  return page.results;
}

/** Hands a downloaded file to the browser as a download. */
export function saveFile(blob: Blob, fileName: string): void {
  if (typeof URL.createObjectURL !== 'function') return; // not in a test DOM
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** POST password-reset: always 202, whether an account uses the address or not. */
export async function requestPasswordReset(body: PasswordResetRequest): Promise<void> {
  await withFreshCsrf(() => unwrap(api.POST('/api/v1/accounts/password-reset/', { body })));
}

/** POST password-reset/confirm: the new password, with the token of the mailed link. */
export async function confirmPasswordReset(body: PasswordResetConfirmRequest): Promise<void> {
  await withFreshCsrf(() => unwrap(api.POST('/api/v1/accounts/password-reset/confirm/', { body })));
}

/** The viewer's open sessions (200 at most: nobody has more devices). */
export async function fetchMySessions(): Promise<UserSession[]> {
  const page = await unwrap(api.GET('/api/v1/accounts/me/sessions/', { params: { query: { page_size: 200 } } }));
  return page.results;
}

export async function endSession(sessionId: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(
    api.DELETE('/api/v1/accounts/me/sessions/{session_id}/', { params: { path: { session_id: String(sessionId) } } }),
  );
}

export async function endOtherSessions(): Promise<number> {
  await ensureCsrfToken();
  const body = await unwrap(api.POST('/api/v1/accounts/me/sessions/end-others/'));
  return body.ended;
}

/** POST login/otp: the code of the authentication application completes the login. */
export async function loginOtp(code: string): Promise<Me> {
  return withFreshCsrf(() => unwrap(api.POST('/api/v1/accounts/login/otp/', { body: { code } })));
}

export function fetchOtpStatus(): Promise<OtpStatus> {
  return unwrap(api.GET('/api/v1/accounts/me/otp/'));
}

export async function startOtp(): Promise<OtpSetup> {
  await ensureCsrfToken();
  return unwrap(api.POST('/api/v1/accounts/me/otp/'));
}

export async function confirmOtp(code: string): Promise<void> {
  await ensureCsrfToken();
  await unwrap(api.POST('/api/v1/accounts/me/otp/confirm/', { body: { code } }));
}

export async function removeOtp(): Promise<void> {
  await ensureCsrfToken();
  await unwrap(api.DELETE('/api/v1/accounts/me/otp/'));
}
