import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import type { MusterSummary } from '../../api/types';
import { QueryState } from '../../shared/QueryState';
import { registerPdfUrl } from './api';
import { clockAt, dayOf, durationLabel, kindLabel, natureLabel } from './labels';
import { musterPath } from './paths';
import classes from './Safety.module.css';

const HEADING_ID = 'registre-securite';
/** The register's columns, as the PDF has them. */
const COLUMNS = [
  'date',
  'kind',
  'nature',
  'start',
  'end',
  'duration',
  'expected',
  'found',
  'missing',
  'observations',
] as const;

/** The registre de sécurité: each muster, newest first, and its printable version. */
interface RegisterSectionProps {
  schoolId: number;
  register: UseQueryResult<MusterSummary[]>;
}

export function RegisterSection({ schoolId, register }: RegisterSectionProps) {
  const { t } = useTranslation();
  return (
    <Stack component="section" aria-labelledby={HEADING_ID} gap="sm">
      <Title order={2} id={HEADING_ID}>
        {t('safety.register.title')}
      </Title>
      <Anchor href={registerPdfUrl(schoolId)} download w="fit-content">
        {t('safety.register.pdf')}
      </Anchor>
      {register.data === undefined ? (
        register.isPending ? null : <QueryState query={register} />
      ) : register.data.length === 0 ? (
        <Text>{t('safety.register.empty')}</Text>
      ) : (
        <div
          style={{ overflowX: 'auto' }}
          tabIndex={0}
          role="region"
          aria-label={t('a11y.scrollTable', { caption: t('safety.register.title') })}
        >
          <Table withTableBorder verticalSpacing={6} fz="sm" aria-labelledby={HEADING_ID}>
            <Table.Thead>
              <Table.Tr>
                {COLUMNS.map((column) => (
                  <Table.Th key={column} scope="col">
                    {t(`safety.register.${column}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {register.data.map((muster) => (
                <RegisterLine key={muster.id} muster={muster} />
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
    </Stack>
  );
}

function RegisterLine({ muster }: { muster: MusterSummary }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={400} className={classes.nowrap}>
        {/* The line opens the muster's list: under way, to mark; ended, to read who was missing. */}
        <Anchor component={Link} to={musterPath(muster.id)}>
          {dayOf(muster.started_at, language)}
        </Anchor>
      </Table.Th>
      <Table.Td>{kindLabel(t, muster.kind)}</Table.Td>
      <Table.Td>{natureLabel(t, muster.is_drill)}</Table.Td>
      <Table.Td>{clockAt(muster.started_at, language)}</Table.Td>
      <Table.Td>{muster.ended_at ? clockAt(muster.ended_at, language) : t('safety.register.underWay')}</Table.Td>
      <Table.Td>{muster.ended_at ? durationLabel(t, muster.started_at, muster.ended_at) : ''}</Table.Td>
      <Table.Td>{muster.expected_count}</Table.Td>
      <Table.Td>{muster.found_count}</Table.Td>
      <Table.Td>{muster.missing_count}</Table.Td>
      <Table.Td className={classes.observations}>{muster.observations}</Table.Td>
    </Table.Tr>
  );
}
