import { Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { QueryState } from '../../shared/QueryState';
import { useIsStaffWriter } from './audience';

interface PublicationsPanelProps<T extends { id: number }> {
  query: UseQueryResult<T[]>;
  /** The i18n prefix holding `write`, `loadError` and `empty`. */
  labels: 'messaging.announcements' | 'messaging.polls';
  card: (item: T) => ReactNode;
  /** The writing form, shown in a modal by the "write" button of staff writers. */
  form: (done: () => void) => ReactNode;
  modal: (props: { opened: boolean; onClose: () => void; title: string; children: ReactNode }) => ReactNode;
}

/** A list of published items (announcements, polls) with its "write" button for staff. */
export function PublicationsPanel<T extends { id: number }>({ query, labels, card, form, modal }: PublicationsPanelProps<T>) {
  const { t } = useTranslation();
  const mayWrite = useIsStaffWriter();
  const [writing, setWriting] = useState(false);
  const done = () => setWriting(false);
  return (
    <Stack gap="md">
      {mayWrite && (
        <Group>
          <Button onClick={() => setWriting(true)}>{t(`${labels}.write`)}</Button>
        </Group>
      )}
      {query.isPending || query.isError ? (
        <QueryState query={query} title={t(`${labels}.loadError`)} />
      ) : query.data.length === 0 ? (
        <Text c="dimmed">{t(`${labels}.empty`)}</Text>
      ) : (
        query.data.map((item) => <Fragment key={item.id}>{card(item)}</Fragment>)
      )}
      {modal({ opened: writing, onClose: done, title: t(`${labels}.write`), children: form(done) })}
    </Stack>
  );
}

/** The title of a published card, with a badge beside it ("to acknowledge", "anonymous"). */
export function PublicationTitle({ id, title, badge }: { id: string; title: string; badge?: ReactNode }) {
  return (
    <Group justify="space-between" gap="xs" wrap="wrap">
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {badge}
    </Group>
  );
}

/**
 * "À signer" on what asks its readers for an acknowledgement, while the viewer still has to
 * sign it; "Signé" once they did (`signed`: the viewer's own signature, null when the viewer
 * has none to give, e.g. the author). Follows the cache: it changes as soon as the viewer signs.
 */
export function AcknowledgementBadge({ required, signed = null }: { required: boolean; signed?: boolean | null }) {
  const { t } = useTranslation();
  if (!required) return null;
  if (signed) {
    return (
      <Badge variant="light" color="teal.9">
        {t('messaging.notes.signedBadge')}
      </Badge>
    );
  }
  return (
    <Badge variant="outline" color="blue.9">
      {t('messaging.notes.requiresAcknowledgement')}
    </Badge>
  );
}
