import { Button, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { LivretProgressSchool } from '../../api/types';
import { todayAtSchool } from '../../shared/dates';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import { useLivretProgress } from './bilanHooks';

/** The rank of the period under way in most schools (trimesters): Sept–Nov, Dec–Feb, then 3. */
export function likelyPeriodIndex(today = todayAtSchool()): string {
  const month = Number(today.slice(5, 7));
  if (month >= 9 && month <= 11) return '1';
  if (month === 12 || month <= 2) return '2';
  return '3';
}

const COUNTS = ['total', 'draft', 'locked', 'validated', 'communicated', 'acknowledged'] as const;

/**
 * IEN and DASEN: how far the bilans of a period are, per school and class — counts only,
 * never a bilan's content.
 */
export function ProgressPage() {
  const { t } = useTranslation();
  usePageTitle(t('livret.progress.title'));
  const [index, setIndex] = useState(likelyPeriodIndex);
  const progress = useLivretProgress(Number(index));
  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1}>{t('livret.progress.title')}</Title>
      <Text>{t('livret.progress.help')}</Text>
      <Group gap="md" align="flex-end" wrap="wrap">
        <SegmentedControl
          aria-label={t('livret.progress.period')}
          value={index}
          onChange={setIndex}
          data={['1', '2', '3'].map((value) => ({ value, label: t('livret.progress.periodN', { index: value }) }))}
        />
        <Button variant="default" onClick={() => void progress.refetch()} loading={progress.isFetching}>
          {t('livret.progress.refresh')}
        </Button>
      </Group>
      {progress.data === undefined ? (
        <QueryState query={progress} />
      ) : progress.data.length === 0 ? (
        <Text>{t('livret.progress.empty')}</Text>
      ) : (
        progress.data.map((school) => <SchoolProgress key={school.id} school={school} />)
      )}
    </Stack>
  );
}

function SchoolProgress({ school }: { school: LivretProgressSchool }) {
  const { t } = useTranslation();
  const headingId = `ecole-${school.id}`;
  return (
    <Stack gap="xs" component="section" aria-labelledby={headingId}>
      <Title order={2} fz="h4" id={headingId}>
        {school.name} <Text span c="dimmed" size="sm">({school.uai})</Text>
      </Title>
      <div
        style={{ overflowX: 'auto' }}
        tabIndex={0}
        role="region"
        aria-label={t('a11y.scrollTable', { caption: `${school.name} (${school.uai})` })}
      >
        <Table withTableBorder verticalSpacing={4} fz="sm" aria-labelledby={headingId}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('livret.progress.classroom')}</Table.Th>
              {COUNTS.map((count) => (
                <Table.Th key={count} scope="col">
                  {t(`livret.progress.${count}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {school.classrooms.map((classroom) => (
              <Table.Tr key={classroom.id}>
                <Table.Th scope="row" fw={400}>
                  {classroom.name}
                </Table.Th>
                {COUNTS.map((count) => (
                  <Table.Td key={count}>{classroom[count]}</Table.Td>
                ))}
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('livret.progress.schoolTotal')}</Table.Th>
              {COUNTS.map((count) => (
                <Table.Td key={count} fw={700}>
                  {school[count]}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}
