import type { TFunction } from 'i18next';

import { isApiError } from '../../api/errors';

export type RefusalKind = 'notEnrolled' | 'closed' | 'wrongPictures' | 'unknownCard' | 'throttled' | 'network' | 'other';

/** Why the tablet said no: a title and a sentence a child (or the teacher) understands. */
export interface Refusal {
  kind: RefusalKind;
  title: string;
  message: string;
}

/** The API's error codes for a tablet's refusals (docs/class-cards.md). */
const KIND_OF_CODE: Record<string, RefusalKind> = {
  permission_denied: 'notEnrolled',
  device_revoked: 'notEnrolled',
  outside_school_hours: 'closed',
  wrong_pictures: 'wrongPictures',
  invalid_card: 'unknownCard',
};

function kindOf(error: unknown): RefusalKind {
  if (!isApiError(error)) return 'other';
  if (error.isThrottled) return 'throttled';
  if (error.isNetworkError) return 'network';
  return KIND_OF_CODE[error.code] ?? 'other';
}

export function refusalOf(error: unknown, t: TFunction): Refusal {
  const kind = kindOf(error);
  const title = t(`classCards.refusal.${kind}.title`);
  let message = t(`classCards.refusal.${kind}.message`);
  // The server's own words say more (the school's hours, why the device is refused).
  if (isApiError(error) && error.hasServerMessage && kind !== 'throttled' && kind !== 'network') {
    message = error.message;
  }
  return { kind, title, message };
}

/** Why cards do not work now (the state of the tablet says it before anyone tries). */
export function closedMessage(t: TFunction, state: { closed_reason: string }): string {
  return state.closed_reason || t('classCards.refusal.closed.message');
}

/** A picture's word in the page's language (the API gives the French one). */
export function pictureLabel(t: TFunction, picture: { key: string; label_fr: string }): string {
  return t(`classCards.pictures.${picture.key}`, { defaultValue: picture.label_fr });
}
