import { Alert, Button, Group, Modal, Pagination, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { LinkedIdentity, School } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { SCHOOL_TIME_ZONE } from '../../shared/dates';
import { errorMessage } from '../../shared/errorMessage';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import { IDENTITIES_PAGE_SIZE } from './api';
import { useSchoolIdentities, useUnlinkIdentity } from './hooks';

const ROLES = ['director', 'teacher', 'guardian', 'pupil'] as const;
type SchoolRole = (typeof ROLES)[number];

function isSchoolRole(role: string): role is SchoolRole {
  return (ROLES as readonly string[]).includes(role);
}

/**
 * « Comptes reliés »: the people of the director's school(s) who sign in through an identity
 * provider (EduConnect, the académie's…), how each link was made, and « Délier » to remove
 * one (a parent who lost their EduConnect account, a wrong link): the Préau login stays.
 */
export function LinkedAccountsPage() {
  const { t } = useTranslation();
  usePageTitle(t('federation.linked.title'));
  const schools = useCurrentUser().schools.filter((school) => school.role === 'director');
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap={4}>
        <Title order={1}>{t('federation.linked.title')}</Title>
        <Text>{t('federation.linked.intro')}</Text>
      </Stack>
      {schools.length === 0 && <Text>{t('federation.linked.notDirector')}</Text>}
      {schools.map((school) => (
        <SchoolIdentities key={school.id} school={school} named={schools.length > 1} />
      ))}
    </Stack>
  );
}

function SchoolIdentities({ school, named }: { school: School; named: boolean }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const identities = useSchoolIdentities(school.id, page);
  const unlink = useUnlinkIdentity(school.id);
  const [asked, setAsked] = useState<LinkedIdentity | null>(null);
  const [unlinked, setUnlinked] = useState<string | null>(null);
  const headingId = `comptes-relies-${school.id}`;
  const data = identities.data;
  const pages = data ? Math.max(1, Math.ceil(data.count / IDENTITIES_PAGE_SIZE)) : 1;
  return (
    <Stack
      gap="sm"
      component="section"
      aria-labelledby={named ? headingId : undefined}
      aria-busy={identities.isFetching || undefined}
    >
      {named && (
        <Title order={2} fz="h3" id={headingId}>
          {school.name}
        </Title>
      )}
      {unlinked && (
        <Text role="status" c="teal.9" fw={600}>
          {unlinked}
        </Text>
      )}
      {data === undefined ? (
        <QueryState query={identities} />
      ) : data.count === 0 ? (
        <Text>{t('federation.linked.empty')}</Text>
      ) : (
        <>
          <Text size="sm">{t('federation.linked.count', { count: data.count })}</Text>
          <IdentityTable
            identities={data.results}
            caption={named ? `${t('federation.linked.title')} · ${school.name}` : t('federation.linked.title')}
            onUnlink={(identity) => {
              unlink.reset();
              setAsked(identity);
            }}
          />
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={setPage}
              getControlProps={(control) => ({
                'aria-label': control === 'next' ? t('audit.nextPage') : t('audit.previousPage'),
              })}
              getItemProps={(value) => ({ 'aria-label': t('audit.page', { page: value }) })}
            />
          )}
        </>
      )}
      <ConfirmUnlink
        identity={asked}
        pending={unlink.isPending}
        error={unlink.error}
        onCancel={() => setAsked(null)}
        onConfirm={(identity) =>
          unlink.mutate(identity.id, {
            onSuccess: () => {
              setAsked(null);
              setUnlinked(
                t('federation.linked.done', { name: identity.person_name, provider: identity.provider_label }),
              );
            },
          })
        }
      />
    </Stack>
  );
}

function IdentityTable({
  identities,
  caption,
  onUnlink,
}: {
  identities: LinkedIdentity[];
  caption: string;
  onUnlink: (identity: LinkedIdentity) => void;
}) {
  const { t, i18n } = useTranslation();
  const date = new Intl.DateTimeFormat(i18n.language, { timeZone: SCHOOL_TIME_ZONE, dateStyle: 'medium' });
  return (
    <Table.ScrollContainer minWidth={720} type="native" tabIndex={0} role="region" aria-label={caption}>
      <Table withTableBorder striped fz="sm" verticalSpacing={6} aria-label={caption}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('federation.linked.person')}</Table.Th>
            <Table.Th scope="col">{t('federation.linked.role')}</Table.Th>
            <Table.Th scope="col">{t('federation.linked.provider')}</Table.Th>
            <Table.Th scope="col">{t('federation.linked.linkedAt')}</Table.Th>
            <Table.Th scope="col">{t('federation.linked.how')}</Table.Th>
            {/* Positioned: the hidden label stays inside the scrolling table on a phone. */}
            <Table.Th scope="col" pos="relative">
              <VisuallyHidden>{t('federation.linked.actions')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {identities.map((identity) => (
            <Table.Tr key={identity.id}>
              <Table.Th scope="row" fw={600}>
                {identity.person_name || identity.username}
                {identity.person_name && (
                  <Text size="xs" c="gray.7" fw={400}>
                    {identity.username}
                  </Text>
                )}
              </Table.Th>
              <Table.Td>{isSchoolRole(identity.role) ? t(`roles.${identity.role}`) : '—'}</Table.Td>
              <Table.Td>{identity.provider_label}</Table.Td>
              <Table.Td>
                <time dateTime={identity.linked_at}>{date.format(new Date(identity.linked_at))}</time>
              </Table.Td>
              <Table.Td>{t(`federation.how.${identity.linked_how}`)}</Table.Td>
              <Table.Td>
                <Button
                  size="xs"
                  variant="outline"
                  color="red.9"
                  onClick={() => onUnlink(identity)}
                  aria-label={t('federation.linked.unlinkOf', {
                    name: identity.person_name || identity.username,
                    provider: identity.provider_label,
                  })}
                >
                  {t('federation.linked.unlink')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ConfirmUnlink({
  identity,
  pending,
  error,
  onCancel,
  onConfirm,
}: {
  identity: LinkedIdentity | null;
  pending: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (identity: LinkedIdentity) => void;
}) {
  const { t } = useTranslation();
  const isPhone = useMediaQuery('(max-width: 36em)');
  const name = identity ? identity.person_name || identity.username : '';
  const provider = identity?.provider_label ?? '';
  return (
    <Modal
      opened={identity !== null}
      onClose={onCancel}
      title={t('federation.linked.confirmTitle', { name, provider })}
      fullScreen={isPhone}
      closeButtonProps={{ 'aria-label': t('federation.linked.close') }}
    >
      <Stack>
        <Text>{t('federation.linked.confirmText', { name, provider })}</Text>
        {error !== null && error !== undefined && (
          <Alert color="red" variant="outline" role="alert" title={t('federation.linked.errorTitle')}>
            {errorMessage(error, t)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('federation.linked.cancel')}
          </Button>
          <Button color="red.9" loading={pending} onClick={() => identity && onConfirm(identity)}>
            {t('federation.linked.confirm')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
