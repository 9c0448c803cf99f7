import { Button, Group, NativeSelect, Pagination, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePageTitle } from '../../shared/usePageTitle';
import { SCHOOL_TIME_ZONE } from '../../shared/dates';
import { QueryState } from '../../shared/QueryState';
import { AUDIT_PAGE_SIZE, type AuditEvent, type AuditFilters, type AuditKind } from './api';
import { useAuditEvents } from './hooks';
import { AUDIT_KINDS, auditKindLabel } from './labels';
import { auditSentence } from './sentences';

function formatWhen(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone: SCHOOL_TIME_ZONE,
    dateStyle: 'short',
    timeStyle: 'medium',
  }).format(new Date(iso));
}

/** "Journal d'audit": logins, refusals and the authorities' reads concerning the school. */
export function AuditLogPage() {
  const { t } = useTranslation();
  usePageTitle(t('audit.title'));
  const [filters, setFilters] = useState<AuditFilters>({ page: 1 });
  const events = useAuditEvents(filters);
  const data = events.data;
  const pages = data ? Math.max(1, Math.ceil(data.count / AUDIT_PAGE_SIZE)) : 1;
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{t('audit.title')}</Title>
        <Text>{t('audit.intro')}</Text>
      </Stack>
      <FilterForm onApply={(values) => setFilters({ ...values, page: 1 })} />
      {data === undefined ? (
        <QueryState query={events} />
      ) : data.count === 0 ? (
        <Text>{t('audit.empty')}</Text>
      ) : (
        <Stack gap="sm" aria-busy={events.isFetching || undefined}>
          <Text size="sm">{t('audit.count', { count: data.count })}</Text>
          <EventTable events={data.results} />
          {pages > 1 && (
            <Pagination
              total={pages}
              value={filters.page}
              onChange={(page) => setFilters({ ...filters, page })}
              getControlProps={(control) => ({
                'aria-label': control === 'next' ? t('audit.nextPage') : t('audit.previousPage'),
              })}
              getItemProps={(page) => ({ 'aria-label': t('audit.page', { page }) })}
            />
          )}
        </Stack>
      )}
    </Stack>
  );
}

function FilterForm({ onApply }: { onApply: (filters: Omit<AuditFilters, 'page'>) => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<AuditKind | ''>('');
  const [username, setUsername] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  return (
    <form
      aria-label={t('audit.filters')}
      onSubmit={(event) => {
        event.preventDefault();
        onApply({
          ...(kind ? { kind } : {}),
          ...(username.trim() ? { username: username.trim() } : {}),
          ...(from ? { date_from: from } : {}),
          ...(to ? { date_to: to } : {}),
        });
      }}
    >
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label={t('audit.kind')}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value as AuditKind | '')}
          data={[
            { value: '', label: t('audit.allKinds') },
            ...AUDIT_KINDS.map((value) => ({ value, label: auditKindLabel(t, value) })),
          ]}
        />
        <TextInput
          label={t('audit.username')}
          value={username}
          maxLength={150}
          onChange={(event) => setUsername(event.currentTarget.value)}
        />
        <TextInput type="date" label={t('audit.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput type="date" label={t('audit.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        <Button type="submit">{t('audit.apply')}</Button>
      </Group>
    </form>
  );
}

function EventTable({ events }: { events: AuditEvent[] }) {
  const { t, i18n } = useTranslation();
  // Addresses and browsers come only to the operator; a director's events have neither.
  const showConnection = events.some((event) => 'ip_address' in event || 'user_agent' in event);
  // The event in words; an unknown kind or route keeps the raw route below its kind.
  const sentences = new Map(events.map((event) => [event.id, auditSentence(t, i18n.language, event)]));
  return (
    <Table.ScrollContainer minWidth={640} type="native" tabIndex={0} role="region" aria-label={t('audit.title')}>
      <Table withTableBorder striped fz="sm" verticalSpacing={6} aria-label={t('audit.title')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('audit.when')}</Table.Th>
            <Table.Th scope="col">{t('audit.what')}</Table.Th>
            <Table.Th scope="col">{t('audit.who')}</Table.Th>
            {showConnection && <Table.Th scope="col">{t('audit.where')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td>
                <time dateTime={event.created_at}>{formatWhen(event.created_at, i18n.language)}</time>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {auditKindLabel(t, event.kind)}
                </Text>
                {sentences.get(event.id) ? (
                  <Text size="sm">{sentences.get(event.id)}</Text>
                ) : (event.method || event.path) && (
                  <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                    {[event.method, event.path].filter(Boolean).join(' ')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{event.actor_name || event.username || t('audit.unknown')}</Text>
                {event.actor_name && event.username && (
                  <Text size="xs" c="dimmed">
                    {event.username}
                  </Text>
                )}
              </Table.Td>
              {showConnection && (
                <Table.Td>
                  <Text size="sm">{event.ip_address ?? t('audit.unknown')}</Text>
                  {event.user_agent && (
                    <Text size="xs" c="dimmed" lineClamp={1} title={event.user_agent}>
                      {event.user_agent}
                    </Text>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
