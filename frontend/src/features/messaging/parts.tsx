import { Alert, Anchor, List, Stack, Text } from '@mantine/core';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

import { isApiError } from '../../api/errors';
import type { MessageAttachment } from '../../api/types';
import { errorMessage, type FieldLabels } from '../../shared/errorMessage';
import { useFocusOnError } from '../../shared/formErrors';

export { ServerHtml } from '../../shared/ServerHtml';

export function formatSize(bytes: number, language: string): string {
  const units = ['o', 'ko', 'Mo'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
}

export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Paris',
  }).format(new Date(iso));
}

export function formatIsoDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

/** Download links: the API serves a file only to the participants of its conversation. */
export function AttachmentLinks({ attachments }: { attachments: readonly MessageAttachment[] }) {
  const { t, i18n } = useTranslation();
  if (attachments.length === 0) return null;
  return (
    <List size="sm" aria-label={t('messaging.attachments.label')}>
      {attachments.map((attachment) => (
        <List.Item key={attachment.id}>
          <Anchor href={attachment.url} download={attachment.name}>
            {t('messaging.attachments.download', {
              name: attachment.name,
              size: formatSize(attachment.size, i18n.language),
            })}
          </Anchor>
        </List.Item>
      ))}
    </List>
  );
}

/** The fields of an API error that a form shows under its inputs, and the others. */
export function fieldErrors(error: unknown) {
  const fields = isApiError(error) ? error.fields : {};
  return (name: string): string | undefined => fields[name]?.join(' ') || undefined;
}

/**
 * The refusal of a write: the server's French message (quota with its retry time,
 * outside school hours, refused recipients…) and the field messages the form has no
 * input for.
 */
export function WriteErrorAlert({
  error,
  shownFields = [],
  labels,
}: {
  error: unknown;
  shownFields?: readonly string[];
  /** The form's labels by API field name ("recipients" → "Destinataires"). */
  labels?: FieldLabels;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useFocusOnError(ref, error);
  if (!error) return null;
  const message =
    isApiError(error) && error.isThrottled && error.hasServerMessage ? error.message : errorMessage(error, t, labels);
  const others = isApiError(error)
    ? Object.entries(error.fields)
        .filter(([name]) => !shownFields.includes(name))
        .map(([, messages]) => messages.join(' '))
        .filter((text) => text !== message)
    : [];
  return (
    <Alert color="red" variant="outline" title={t('messaging.sendError')} role="alert" tabIndex={-1} ref={ref}>
      <Stack gap={4}>
        <Text size="sm">{message}</Text>
        {isApiError(error) && error.isThrottled && error.retryAfterSeconds !== null && (
          <Text size="sm">{t('messaging.retryIn', { count: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) })}</Text>
        )}
        {others.map((text) => (
          <Text size="sm" key={text}>
            {text}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
