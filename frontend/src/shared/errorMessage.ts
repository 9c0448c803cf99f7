import type { TFunction } from 'i18next';

import { isApiError } from '../api/errors';

/**
 * User-facing text for an API error: the server's own (French) message when it
 * sent one, a translated message for throttling / network / unexpected errors.
 */
export function errorMessage(error: unknown, t: TFunction): string {
  if (!isApiError(error)) return t('errors.unexpected');
  if (error.isThrottled) {
    if (error.retryAfterSeconds !== null) {
      const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      return t('login.throttled', { count: minutes });
    }
    return error.hasServerMessage ? error.message : t('login.throttledLater');
  }
  if (error.isNetworkError) return t('errors.network');
  if (error.hasServerMessage) return error.message;
  if (error.status === 403) return t('login.sessionExpired');
  return t('errors.unexpected');
}
