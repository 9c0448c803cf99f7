import type { TFunction } from 'i18next';

import type { AuditKind } from './api';

export const AUDIT_KINDS: readonly AuditKind[] = [
  'login_succeeded',
  'login_failed',
  'login_throttled',
  'logout',
  'permission_denied',
  'authority_read',
  'roll_call_reminder',
  'pupil_record_changed',
  'federation_linked',
  'federation_unlinked',
  'class_device_added',
  'class_device_removed',
  'class_card_reset',
];

export const auditKindLabel = (t: TFunction, kind: AuditKind) => t(`audit.kinds.${kind}`);
