import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { DrillKind, ExerciseCount, ExerciseSummary } from '../../api/types';
import { QueryState } from '../../shared/QueryState';
import { usePageTitle } from '../../shared/usePageTitle';
import { useExercises } from './hooks';

const HEADING_ID = 'exercices-ecoles';

/**
 * IEN and DASEN (and a director, for their school): this school year's mandatory exercises,
 * school by school — counts only, never a muster's pupils. « Complet » and « Incomplet » are
 * words, not only colours.
 */
export function ExercisesPage() {
  const { t } = useTranslation();
  usePageTitle(t('safety.exercises.title'));
  const exercises = useExercises();
  const data = exercises.data;
  return (
    <Stack gap="lg" maw={1100}>
      <Title order={1}>{t('safety.exercises.title')}</Title>
      {data === undefined ? (
        <QueryState query={exercises} />
      ) : (
        <>
          <Text>{t('safety.exercises.intro', { year: data.school_year, days: data.first_fire_drill_days })}</Text>
          {data.schools.length === 0 ? <Text>{t('safety.exercises.empty')}</Text> : <ExercisesTable summary={data} />}
        </>
      )}
    </Stack>
  );
}

function ExercisesTable({ summary }: { summary: ExerciseSummary }) {
  const { t } = useTranslation();
  const caption = t('safety.exercises.caption', { year: summary.school_year });
  return (
    <Stack gap="xs" component="section" aria-labelledby={HEADING_ID}>
      <Title order={2} fz="h3" id={HEADING_ID}>
        {caption}
      </Title>
      <div style={{ overflowX: 'auto' }} tabIndex={0} role="region" aria-label={t('a11y.scrollTable', { caption })}>
        <Table withTableBorder verticalSpacing={6} aria-labelledby={HEADING_ID}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('safety.exercises.school')}</Table.Th>
              <Table.Th scope="col">{t('safety.exercises.fire')}</Table.Th>
              <Table.Th scope="col">{t('safety.exercises.ppmsMajor')}</Table.Th>
              <Table.Th scope="col">{t('safety.exercises.ppmsIntrusion')}</Table.Th>
              <Table.Th scope="col">{t('safety.exercises.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {summary.schools.map((school) => (
              <SchoolLine key={school.school_id} school={school} required={summary.required} />
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Stack>
  );
}

function SchoolLine({ school, required }: { school: ExerciseCount; required: ExerciseSummary['required'] }) {
  const { t } = useTranslation();
  const doneOf = (kind: DrillKind) =>
    t('safety.exercises.doneOf', { done: school.done[kind] ?? 0, required: required[kind] ?? 0 });
  return (
    <Table.Tr>
      <Table.Th scope="row" fw={400}>
        <Text fw={700} component="span">
          {school.name}
        </Text>{' '}
        <Text component="span" size="sm">
          ({school.uai})
        </Text>
      </Table.Th>
      <Table.Td>
        <Stack gap={0}>
          <span>{doneOf('fire')}</span>
          <Text component="span" size="sm">
            {t('safety.exercises.firstMonth', {
              answer: school.fire_in_first_month ? t('safety.exercises.yes') : t('safety.exercises.no'),
            })}
          </Text>
        </Stack>
      </Table.Td>
      <Table.Td>{doneOf('ppms_major')}</Table.Td>
      <Table.Td>{doneOf('ppms_intrusion')}</Table.Td>
      <Table.Td>
        <Text fw={700} c={school.complete ? 'teal.9' : 'red.9'}>
          {school.complete ? t('safety.exercises.complete') : t('safety.exercises.incomplete')}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}
