import { Alert, Anchor, Button, Paper, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { FamilyCycleBilan, FamilyPeriodicBilan, OwnAcknowledgement } from '../../api/types';
import { formatDate } from '../../shared/dates';
import { errorMessage } from '../../shared/errorMessage';
import { QueryState } from '../../shared/QueryState';
import { useAcknowledgeBilan, useChildBilans } from './bilanHooks';
import { isParentDomain, masteryLabel, positionnementLabel } from './bilanLabels';
import type { LivretChild } from './FamilyLivretPage';

/** The PDF of a communicated periodic bilan (served by the livret's export routes). */
export const bilanPdfUrl = (bilanId: number) => `/api/v1/livret/bilans/${bilanId}/pdf/`;

/** A child's communicated bilans, newest first, each acknowledged separately. */
export function ChildBilans({ child }: { child: LivretChild }) {
  const { t } = useTranslation();
  const bilans = useChildBilans(child.id);
  const headingId = `bilans-${child.id}`;
  const data = bilans.data;
  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Title order={2} fz="h3" id={headingId}>
        {t('livret.family.bilansOf', { name: child.first_name })}
      </Title>
      {data === undefined ? (
        <QueryState query={bilans} />
      ) : data.periodic.length === 0 && data.cycle.length === 0 ? (
        <Text>{t('livret.family.noBilan')}</Text>
      ) : (
        <>
          {data.periodic.map((bilan) => (
            <PeriodicBilanCard key={`p-${bilan.id}`} bilan={bilan} />
          ))}
          {data.cycle.map((bilan) => (
            <CycleBilanCard key={`c-${bilan.id}`} bilan={bilan} />
          ))}
        </>
      )}
    </Stack>
  );
}

function PeriodicBilanCard({ bilan }: { bilan: FamilyPeriodicBilan }) {
  const { t, i18n } = useTranslation();
  const titleId = `bilan-${bilan.id}`;
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm">
      <Stack gap="xs">
        <Title order={3} fz="md" id={titleId}>
          {t('livret.family.periodicTitle', { period: bilan.period.label, classroom: bilan.classroom.name })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('livret.family.communicatedOn', {
            school: bilan.school.name,
            date: formatDate(bilan.communicated_at.slice(0, 10), i18n.language),
          })}
        </Text>
        <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-labelledby={titleId}>
          <Table verticalSpacing={4} fz="sm" aria-labelledby={titleId} layout="fixed" miw={0}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('livret.family.domain')}</Table.Th>
                <Table.Th scope="col">{t('livret.family.positionnement')}</Table.Th>
                <Table.Th scope="col">{t('livret.family.appreciation')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bilan.domains.map((domain) => {
                const parent = isParentDomain(domain, bilan.domains);
                return (
                  <Table.Tr key={domain.domain}>
                    <Table.Th scope="row" fw={parent ? 700 : 400} pl={domain.parent !== null ? 'md' : undefined}>
                      {domain.label}
                    </Table.Th>
                    <Table.Td>{parent && !domain.positionnement ? '' : positionnementLabel(t, domain.positionnement)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{domain.appreciation}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
        {bilan.general_appreciation && (
          <Stack gap={2}>
            <Text fw={600} size="sm">
              {t('livret.family.generalAppreciation')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {bilan.general_appreciation}
            </Text>
          </Stack>
        )}
        <Anchor href={bilanPdfUrl(bilan.id)} size="sm" w="fit-content">
          {t('livret.family.pdf')}
        </Anchor>
        <Acknowledge kind="periodic" bilanId={bilan.id} own={bilan.own_acknowledgement} title={titleId} />
      </Stack>
    </Paper>
  );
}

function CycleBilanCard({ bilan }: { bilan: FamilyCycleBilan }) {
  const { t, i18n } = useTranslation();
  const titleId = `bilan-cycle-${bilan.id}`;
  return (
    <Paper component="article" aria-labelledby={titleId} withBorder p="sm">
      <Stack gap="xs">
        <Title order={3} fz="md" id={titleId}>
          {t('livret.family.cycleTitle', { cycle: bilan.cycle, classroom: bilan.classroom.name })}
        </Title>
        <Text size="sm" c="dimmed">
          {t('livret.family.communicatedOn', {
            school: bilan.school.name,
            date: formatDate(bilan.communicated_at.slice(0, 10), i18n.language),
          })}
        </Text>
        <Table verticalSpacing={4} fz="sm" aria-labelledby={titleId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('livret.family.component')}</Table.Th>
              <Table.Th scope="col">{t('livret.family.mastery')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {bilan.components.map((row) => (
              <Table.Tr key={row.component}>
                <Table.Th scope="row" fw={400}>
                  {row.label}
                </Table.Th>
                <Table.Td>{masteryLabel(t, row.mastery)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {bilan.synthesis && (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            <Text span fw={600}>
              {t('livret.family.synthesis')} :{' '}
            </Text>
            {bilan.synthesis}
          </Text>
        )}
        <Acknowledge kind="cycle" bilanId={bilan.id} own={bilan.own_acknowledgement} title={titleId} />
      </Stack>
    </Paper>
  );
}

/**
 * "J'ai pris connaissance", with an optional comment: each legal guardian separately (the
 * server gives each their own line; a pupil has none).
 */
function Acknowledge({
  kind,
  bilanId,
  own,
  title,
}: {
  kind: 'periodic' | 'cycle';
  bilanId: number;
  own: OwnAcknowledgement | null;
  title: string;
}) {
  const { t, i18n } = useTranslation();
  const [comment, setComment] = useState('');
  const acknowledge = useAcknowledgeBilan(kind);
  if (own === null) return null;
  if (own.acknowledged_at) {
    return (
      <Stack gap={2}>
        <Text size="sm" c="teal.9" fw={600}>
          {t('livret.family.acknowledgedOn', { date: formatDate(own.acknowledged_at.slice(0, 10), i18n.language) })}
        </Text>
        {own.comment && (
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {t('livret.family.yourComment', { comment: own.comment })}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <form
      aria-labelledby={title}
      onSubmit={(event) => {
        event.preventDefault();
        acknowledge.mutate({ bilanId, comment: comment.trim() });
      }}
    >
      <Stack gap="xs">
        <Textarea
          label={t('livret.family.comment')}
          value={comment}
          onChange={(event) => setComment(event.currentTarget.value)}
          autosize
          minRows={2}
          maxLength={1000}
        />
        {acknowledge.error && (
          <Alert color="red" variant="outline" role="alert">
            {errorMessage(acknowledge.error, t)}
          </Alert>
        )}
        <Button type="submit" w="fit-content" loading={acknowledge.isPending}>
          {t('livret.family.acknowledge')}
        </Button>
      </Stack>
    </form>
  );
}
