import { Alert, Badge, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { UserSession } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { InlineLoader } from '../../shared/InlineLoader';
import { useEndOtherSessions, useEndSession, useMySessions } from './hooks';

function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
    new Date(iso),
  );
}

/** "Mes sessions": the devices signed in to this account, each of which can be signed out. */
export function MySessions() {
  const { t } = useTranslation();
  const sessions = useMySessions();
  const endSession = useEndSession();
  const endOthers = useEndOtherSessions();

  if (sessions.isPending) return <InlineLoader label={t('accounts.sessions.title')} />;
  if (sessions.isError) {
    return (
      <Alert color="red" variant="outline" title={t('accounts.sessions.loadError')} role="alert">
        {errorMessage(sessions.error, t)}
      </Alert>
    );
  }

  const hasOthers = sessions.data.some((session) => !session.current);
  const failure = endSession.error ?? endOthers.error;

  return (
    <Stack gap="sm">
      <Text>{t('accounts.sessions.help')}</Text>
      {failure && (
        <Alert color="red" variant="outline" title={t('accounts.sessions.endError')} role="alert">
          {errorMessage(failure, t)}
        </Alert>
      )}
      {endSession.isSuccess && (
        <Text size="sm" role="status">
          {t('accounts.sessions.ended')}
        </Text>
      )}
      {endOthers.isSuccess && (
        <Text size="sm" role="status">
          {t('accounts.sessions.endedOthers', { count: endOthers.data })}
        </Text>
      )}
      <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: 'none' }}>
        {sessions.data.map((session) => (
          <Card component="li" key={session.id} withBorder padding="md" radius="md">
            <SessionCard
              session={session}
              ending={endSession.isPending && endSession.variables?.id === session.id}
              onEnd={() => endSession.mutate(session)}
            />
          </Card>
        ))}
      </Stack>
      {hasOthers && (
        <Button variant="light" color="red.9" w="fit-content" loading={endOthers.isPending} onClick={() => endOthers.mutate()}>
          {t('accounts.sessions.endOthers')}
        </Button>
      )}
    </Stack>
  );
}

function SessionCard({ session, ending, onEnd }: { session: UserSession; ending: boolean; onEnd: () => void }) {
  const { t, i18n } = useTranslation();
  const device = session.device || t('accounts.sessions.unknownDevice');
  const lastSeen = formatDateTime(session.last_seen_at, i18n.language);
  return (
    <Group justify="space-between" align="flex-start" gap="sm">
      <Stack gap={4}>
        <Group gap="xs">
          <Text fw={700}>{device}</Text>
          {session.current && (
            <Badge color="blue.9" variant="filled" tt="none">
              {t('accounts.sessions.current')}
            </Badge>
          )}
        </Group>
        <Text size="sm">
          {t('me.fact', { label: t('accounts.sessions.lastSeen') })} {lastSeen}
        </Text>
        <Text size="sm">
          {t('me.fact', { label: t('accounts.sessions.createdAt') })} {formatDateTime(session.created_at, i18n.language)}
        </Text>
        <Text size="sm">
          {t('me.fact', { label: t('accounts.sessions.method') })} {t(`accounts.sessions.methods.${session.method}`)}
          {session.provider && ` (${session.provider})`}
        </Text>
        <Text size="sm">
          {t('me.fact', { label: t('accounts.sessions.address') })} {session.ip_address ?? t('accounts.sessions.unknownAddress')}
        </Text>
      </Stack>
      <Button
        variant="outline"
        color="red.9"
        size="sm"
        loading={ending}
        onClick={onEnd}
        aria-label={t('accounts.sessions.endThisLabel', { device, lastSeen })}
      >
        {t('accounts.sessions.endThis')}
      </Button>
    </Group>
  );
}
