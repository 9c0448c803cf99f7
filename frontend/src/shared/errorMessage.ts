import type { TFunction } from 'i18next';

import { isApiError } from '../api/errors';

/** A form's labels by API field name: `{ recipients: 'Destinataires' }`. */
export type FieldLabels = Readonly<Record<string, string>>;

/**
 * A validation error's message names its first field as the API does ("recipients :
 * Assurez-vous…"): said with the form's label instead, or without the name when the
 * form gives none (the message is also shown under the field).
 */
function inFormWords(message: string, fields: Readonly<Record<string, unknown>>, labels: FieldLabels): string {
  for (const name of Object.keys(fields)) {
    const prefix = `${name} : `;
    if (message.startsWith(prefix)) {
      const rest = message.slice(prefix.length);
      const label = labels[name];
      return label ? `${label} : ${rest}` : rest;
    }
  }
  return message;
}

/**
 * User-facing text for an API error: the server's own (French) message when it
 * sent one, a translated message for throttling / network / unexpected errors.
 * `labels` names the fields as the form does.
 */
export function errorMessage(error: unknown, t: TFunction, labels: FieldLabels = {}): string {
  if (!isApiError(error)) return t('errors.unexpected');
  if (error.isThrottled) {
    if (error.retryAfterSeconds !== null) {
      const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      return t('login.throttled', { count: minutes });
    }
    return error.hasServerMessage ? error.message : t('login.throttledLater');
  }
  if (error.isNetworkError) return t('errors.network');
  if (error.hasServerMessage) return inFormWords(error.message, error.fields, labels);
  if (error.status === 403) return t('login.sessionExpired');
  return t('errors.unexpected');
}
