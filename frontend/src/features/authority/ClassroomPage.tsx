import { Anchor, Breadcrumbs, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { ApiError } from '../../api/errors';
import { NotFoundPage } from '../../shared/NotFoundPage';
import { usePageTitle } from '../../shared/usePageTitle';
import { QueryState } from '../../shared/QueryState';
import { count, formatDate } from './format';
import { useCahierRecap, useClassroom } from './hooks';
import { DataTable, KeyFigures, Section } from './Parts';
import { DASHBOARD_PATH, schoolPath } from './paths';
import { AttendanceSection, TimetableVolumeSection } from './Sections';
import type { AuthorityClassroomDetail } from './types';

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** One classroom: headcount per level; for an IEN or the DASEN, the cahier de textes recap. */
export function ClassroomPage() {
  const { t } = useTranslation();
  const classroomId = Number(useParams().classroomId);
  const query = useClassroom(classroomId);
  usePageTitle(query.data ? query.data.name : t('authority.title'));
  if (!Number.isInteger(classroomId) || isNotFound(query.error)) return <NotFoundPage />;
  if (query.data === undefined) return <QueryState query={query} />;
  return <Classroom classroom={query.data} />;
}

function Classroom({ classroom }: { classroom: AuthorityClassroomDetail }) {
  const { t, i18n } = useTranslation();
  const { school } = classroom;
  const inspection = school.full_figures;
  const lang = i18n.language;
  return (
    <Stack gap="xl">
      <nav aria-label={t('authority.breadcrumbs')}>
        <Breadcrumbs>
        <Anchor component={Link} to={DASHBOARD_PATH}>
          {t('authority.title')}
        </Anchor>
        <Anchor component={Link} to={schoolPath(school.id)}>
          {school.name}
        </Anchor>
        <Text aria-current="page">{classroom.name}</Text>
        </Breadcrumbs>
      </nav>
      <Stack gap={4}>
        <Title order={1}>{t('authority.classroom.pageTitle', { name: classroom.name, school: school.name })}</Title>
        <Text c="dimmed">
          {classroom.teachers.length > 0
            ? t('authority.classroom.teachers', { names: classroom.teachers.join(', ') })
            : t('authority.classroom.noTeacher')}
        </Text>
      </Stack>
      <KeyFigures
        label={t('authority.figures.title')}
        items={[
          { id: 'pupils', label: t('authority.figures.pupils'), value: count(classroom, 'pupils', classroom.pupils, lang) },
          ...classroom.pupils_per_level.map((level) => ({
            id: `level-${level.level}`,
            label: t('authority.figures.level', { level: level.level }),
            value: count(level, 'pupils', level.pupils, lang),
          })),
        ]}
      />
      <AttendanceSection filters={{ school: school.id }} by="classroom" classroomId={classroom.id} />
      {inspection ? <CahierRecapSection classroomId={classroom.id} /> : null}
      {inspection ? <TimetableVolumeSection filters={{ school: school.id }} classroomId={classroom.id} /> : null}
    </Stack>
  );
}

function CahierRecapSection({ classroomId }: { classroomId: number }) {
  const { t, i18n } = useTranslation();
  const query = useCahierRecap(classroomId, true);
  const title = t('authority.recap.title');
  const lang = i18n.language;
  return (
    <Section title={title}>
      {query.data === undefined ? (
        <QueryState query={query} />
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('authority.recap.range', { start: formatDate(query.data.start, lang), end: formatDate(query.data.end, lang) })}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <DataTable
              caption={t('authority.recap.subjects')}
              minWidth={320}
              empty={query.data.subjects.length === 0}
              head={[t('authority.columns.subject'), t('authority.columns.lessonEntries'), t('authority.columns.lastDate')]}
            >
              {query.data.subjects.map((row) => (
                <Table.Tr key={row.subject}>
                  <Table.Td>{t(`timetable.subjects.${row.subject}`, { defaultValue: row.subject })}</Table.Td>
                  <Table.Td>{row.lesson_entries}</Table.Td>
                  <Table.Td>{formatDate(row.last_date, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
            <DataTable
              caption={t('authority.recap.weeks')}
              minWidth={320}
              empty={query.data.weeks.length === 0}
              head={[t('authority.columns.week'), t('authority.columns.lessonEntries'), t('authority.columns.subjects')]}
            >
              {query.data.weeks.map((row) => (
                <Table.Tr key={row.week_start}>
                  <Table.Td>{t('authority.recap.weekOf', { date: formatDate(row.week_start, lang) })}</Table.Td>
                  <Table.Td>{row.lesson_entries}</Table.Td>
                  <Table.Td>{row.subjects}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          </SimpleGrid>
        </Stack>
      )}
    </Section>
  );
}
