import {
  Alert,
  Button,
  CopyButton,
  Group,
  Paper,
  Stack,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { CalendarFeed, CalendarFeedCreated } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { usePageTitle } from '../../shared/usePageTitle';
import { formatDayLong, splitDateTime } from '../../shared/dates';
import { FormErrorAlert, splitFieldErrors } from '../../shared/formErrors';
import { useCreateFeed, useFeeds, useRevokeFeed } from './hooks';
import { QueryState } from '../../shared/QueryState';

/** "Abonnement calendrier": secret iCal addresses for the user's calendar apps. */
export function CalendarFeedsPage() {
  const { t } = useTranslation();
  usePageTitle(t('timetable.feeds.title'));
  return (
    <Stack gap="lg" maw={800}>
      <Stack gap={4}>
        <Title order={1}>{t('timetable.feeds.title')}</Title>
        <Text>{t('timetable.feeds.intro')}</Text>
      </Stack>
      <CalendarFeedsPanel />
    </Stack>
  );
}

export function CalendarFeedsPanel() {
  const { t } = useTranslation();
  const feeds = useFeeds();
  const create = useCreateFeed();
  const [label, setLabel] = useState('');
  // The secret URL lives only in this state: it is never shown again once hidden.
  const [created, setCreated] = useState<CalendarFeedCreated | null>(null);
  const { fieldError, otherMessages } = splitFieldErrors(create.error, ['label']);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    create.mutate(label.trim(), {
      onSuccess: (feed) => {
        setCreated(feed);
        setLabel('');
      },
    });
  };

  return (
    <Stack gap="lg">
      {created ? (
        <CreatedFeed feed={created} onHide={() => setCreated(null)} />
      ) : (
        <Paper component="form" noValidate onSubmit={onSubmit} withBorder p="md" aria-label={t('timetable.feeds.create')}>
          <Stack gap="sm">
            <FormErrorAlert error={create.error} otherMessages={otherMessages} />
            <TextInput
              label={t('timetable.feeds.label')}
              description={t('timetable.feeds.labelHint')}
              value={label}
              onChange={(event) => setLabel(event.currentTarget.value)}
              error={fieldError('label')}
              maxLength={80}
            />
            <Button type="submit" loading={create.isPending} w="fit-content">
              {t('timetable.feeds.create')}
            </Button>
          </Stack>
        </Paper>
      )}

      <Stack gap="sm" component="section" aria-labelledby="abonnements-titre">
        <Title order={2} id="abonnements-titre" fz="h3">
          {t('timetable.feeds.listTitle')}
        </Title>
        {feeds.data === undefined ? (
          <QueryState query={feeds} />
        ) : feeds.data.length === 0 ? (
          <Text c="dimmed">{t('timetable.feeds.empty')}</Text>
        ) : (
          <Stack component="ul" gap="xs" m={0} p={0} style={{ listStyle: 'none' }}>
            {feeds.data.map((feed) => (
              <FeedRow key={feed.id} feed={feed} />
            ))}
          </Stack>
        )}
      </Stack>
    </Stack>
  );
}

function CreatedFeed({ feed, onHide }: { feed: CalendarFeedCreated; onHide: () => void }) {
  const { t } = useTranslation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), []);
  const webcal = feed.url.replace(/^https?:/, 'webcal:');
  return (
    <Paper component="section" withBorder p="md" aria-labelledby="adresse-titre" bg="blue.0">
      <Stack gap="sm">
        <Title order={2} id="adresse-titre" fz="h3" ref={headingRef} tabIndex={-1}>
          {t('timetable.feeds.createdTitle')}
        </Title>
        <Text fw={700}>{t('timetable.feeds.once')}</Text>
        <TextInput
          label={t('timetable.feeds.url')}
          value={feed.url}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          styles={{ input: { fontFamily: 'monospace' } }}
        />
        <Group gap="sm" wrap="wrap">
          <CopyButton value={feed.url} timeout={4000}>
            {({ copied, copy }) => (
              <>
                <Button onClick={copy} color={copied ? 'teal.9' : undefined}>
                  {copied ? t('timetable.feeds.copied') : t('timetable.feeds.copy')}
                </Button>
                <VisuallyHidden role="status">{copied ? t('timetable.feeds.copied') : ''}</VisuallyHidden>
              </>
            )}
          </CopyButton>
          <Button component="a" href={webcal} variant="default">
            {t('timetable.feeds.openInCalendar')}
          </Button>
        </Group>
        <Text>{t('timetable.feeds.instructions')}</Text>
        <Text size="sm">{t('timetable.feeds.secret')}</Text>
        <Button variant="subtle" onClick={onHide} w="fit-content">
          {t('timetable.feeds.hide')}
        </Button>
      </Stack>
    </Paper>
  );
}

function FeedRow({ feed }: { feed: CalendarFeed }) {
  const { t, i18n } = useTranslation();
  const revoke = useRevokeFeed();
  const [confirming, setConfirming] = useState(false);
  const label = feed.label || t('timetable.feeds.unnamed');
  const day = (value: string) => formatDayLong(splitDateTime(value).date, i18n.language, { withYear: true });
  return (
    <Paper component="li" withBorder p="sm">
      <Stack gap={4}>
        <Text fw={700}>{label}</Text>
        <Text size="sm">{t('timetable.feeds.createdAt', { date: day(feed.created_at) })}</Text>
        <Text size="sm" c="dimmed">
          {feed.last_used_at ? t('timetable.feeds.lastUsed', { date: day(feed.last_used_at) }) : t('timetable.feeds.neverUsed')}
        </Text>
        {confirming ? (
          <Stack gap="xs">
            <Text size="sm" fw={600}>
              {t('timetable.feeds.revokeWarning')}
            </Text>
            <Group gap="xs">
              <Button size="compact-sm" color="red.9" loading={revoke.isPending} onClick={() => revoke.mutate(feed.id)}>
                {t('timetable.feeds.confirmRevoke')}
              </Button>
              <Button size="compact-sm" variant="default" onClick={() => setConfirming(false)}>
                {t('timetable.feeds.keep')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Button
            size="compact-sm"
            variant="default"
            w="fit-content"
            onClick={() => setConfirming(true)}
            aria-label={t('timetable.feeds.revokeLabel', { label })}
          >
            {t('timetable.feeds.revoke')}
          </Button>
        )}
        {revoke.isError && (
          <Alert color="red" variant="outline" role="alert" p="xs">
            {errorMessage(revoke.error, t)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
