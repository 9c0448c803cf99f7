import type { TFunction } from 'i18next';
import { Anchor, Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { Absence, JustificationStatus } from '../../api/types';
import { formatDayLong } from '../../shared/dates';
import { absenceDocumentUrl } from './api';
import { halfDayLabel, justificationLabel, reasonLabel } from './labels';

const STATUS_COLORS: Record<JustificationStatus, string> = {
  none: 'red.9',
  pending: 'blue.9',
  accepted: 'teal.9',
  refused: 'orange.9',
};

export function JustificationBadge({ status }: { status: JustificationStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" size="lg" style={{ textTransform: 'none' }}>
      {justificationLabel(t, status)}
    </Badge>
  );
}

/** "Absence · lundi 23 novembre, matin" or "Retard de 10 min · …". */
export function absenceTitle(t: TFunction, absence: Absence, language: string): string {
  return t('attendance.absence.title', {
    kind:
      absence.absence_kind === 'late'
        ? t('attendance.absence.late', { count: absence.minutes_late ?? 0 })
        : t('attendance.absence.absent'),
    day: formatDayLong(absence.date, language),
    halfDay: halfDayLabel(t, absence.half_day).toLowerCase(),
  });
}

/** The reason, the comment, the document and the refusal of a justification. */
export function JustificationDetails({ absence }: { absence: Absence }) {
  const { t } = useTranslation();
  return (
    <>
      {absence.absence_reason && (
        <Text size="sm">
          {t('attendance.absence.reason', { reason: reasonLabel(t, absence.absence_reason) })}
          {absence.comment && ` — ${absence.comment}`}
        </Text>
      )}
      {absence.document && (
        <Text size="sm">
          {t('attendance.absence.document')}{' '}
          <Anchor href={absenceDocumentUrl(absence.id)}>{absence.document.original_name}</Anchor>
        </Text>
      )}
      {absence.justification_status === 'refused' && absence.refusal_reason && (
        <Text size="sm" c="orange.9">
          {t('attendance.absence.refusal', { reason: absence.refusal_reason })}
        </Text>
      )}
    </>
  );
}
