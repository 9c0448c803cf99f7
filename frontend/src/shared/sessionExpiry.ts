/**
 * The server ends a session that was unused too long, or open too long, with a 401 whose
 * code is `session_expired`. The app then goes to the login page, which tells why.
 * The notice is kept in sessionStorage (this tab only) until the next successful login.
 */
const KEY = 'preau.sessionExpired';
export const SESSION_EXPIRED_CODE = 'session_expired';

export function rememberSessionExpired(): void {
  try {
    window.sessionStorage.setItem(KEY, '1');
  } catch {
    // storage refused (private mode): the login page just won't explain
  }
}

export function isSessionExpiredNoticePending(): boolean {
  try {
    return window.sessionStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function forgetSessionExpired(): void {
  try {
    window.sessionStorage.removeItem(KEY);
  } catch {
    // nothing to forget
  }
}
