import { Anchor, Breadcrumbs, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { ApiError } from '../../api/errors';
import { NotFoundPage } from '../../shared/NotFoundPage';
import { usePageTitle } from '../../shared/usePageTitle';
import { QueryState } from '../../shared/QueryState';
import { csvUrl } from './api';
import { count } from './format';
import { useSchool, useSchoolClassrooms } from './hooks';
import { CsvLink, DataTable, KeyFigures, Section } from './Parts';
import { circonscriptionPath, classroomPath, DASHBOARD_PATH } from './paths';
import {
  AttendanceChartsSection,
  AttendanceSection,
  CanteenSection,
  CasesSection,
  HeadcountsSection,
  MovementsSection,
  RollCallsNotTakenSection,
  TimetableVolumeSection,
} from './Sections';
import type { AuthoritySchool } from './types';

const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;

/** One school of the scope: its classrooms (drill-down), attendance, and the role's views. */
export function SchoolPage() {
  const { t } = useTranslation();
  const schoolId = Number(useParams().schoolId);
  const query = useSchool(schoolId);
  usePageTitle(query.data ? query.data.school.name : t('authority.title'));
  if (!Number.isInteger(schoolId) || isNotFound(query.error)) return <NotFoundPage />;
  if (query.data === undefined) return <QueryState query={query} />;
  return <School row={query.data} />;
}

function School({ row }: { row: AuthoritySchool }) {
  const { t, i18n } = useTranslation();
  const { school } = row;
  const inspection = school.full_figures;
  const filters = { school: school.id };
  const lang = i18n.language;
  const figures = [
    { id: 'classrooms', label: t('authority.figures.classrooms'), value: String(row.classrooms) },
    { id: 'pupils', label: t('authority.figures.pupils'), value: count(row, 'pupils', row.pupils, lang) },
  ];
  if (inspection) {
    figures.push({
      id: 'cases',
      label: t('authority.figures.openCases'),
      value: count(row, 'open_l1318_cases', row.open_l1318_cases, lang),
    });
  }
  return (
    <Stack gap="xl">
      <nav aria-label={t('authority.breadcrumbs')}>
        <Breadcrumbs>
        <Anchor component={Link} to={DASHBOARD_PATH}>
          {t('authority.title')}
        </Anchor>
        {inspection ? (
          <Anchor component={Link} to={circonscriptionPath(school.circonscription.code)}>
            {school.circonscription.name}
          </Anchor>
        ) : null}
        <Text aria-current="page">{school.name}</Text>
        </Breadcrumbs>
      </nav>
      <Stack gap={4}>
        <Title order={1}>{school.name}</Title>
        <Text c="dimmed">
          {t('authority.school.identity', {
            uai: school.uai,
            commune: school.commune.name,
            circonscription: school.circonscription.name,
          })}
        </Text>
      </Stack>
      <KeyFigures label={t('authority.figures.title')} items={figures} />
      <ClassroomsSection schoolId={school.id} />
      <AttendanceChartsSection filters={filters} />
      {inspection ? <RollCallsNotTakenSection filters={filters} /> : null}
      <AttendanceSection filters={filters} by="classroom" />
      {inspection ? <CasesSection school={school.id} /> : null}
      {inspection ? <TimetableVolumeSection filters={filters} /> : null}
      {inspection ? null : <CanteenSection filters={filters} />}
      {inspection ? null : <HeadcountsSection filters={filters} />}
      {inspection ? null : <MovementsSection filters={filters} />}
      <Section title={t('authority.pupils.title')} description={t('authority.pupils.help')}>
        <div>
          <CsvLink href={csvUrl(`/api/v1/authority/schools/${school.id}/pupils/`)} table={t('authority.pupils.title')} />
        </div>
      </Section>
    </Stack>
  );
}

function ClassroomsSection({ schoolId }: { schoolId: number }) {
  const { t, i18n } = useTranslation();
  const query = useSchoolClassrooms(schoolId);
  const title = t('authority.classrooms.title');
  const lang = i18n.language;
  return (
    <Section title={title} csvHref={csvUrl(`/api/v1/authority/schools/${schoolId}/classrooms/`)}>
      {query.data === undefined ? (
        <QueryState query={query} />
      ) : (
        <DataTable
          caption={title}
          empty={query.data.classrooms.length === 0}
          head={[
            t('authority.columns.classroom'),
            t('authority.columns.levels'),
            t('authority.columns.teachers'),
            t('authority.columns.pupils'),
          ]}
        >
          {query.data.classrooms.map((room) => (
            <Table.Tr key={room.id}>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={classroomPath(room.id)}
                  aria-label={t('authority.links.classroom', { name: room.name })}
                >
                  {room.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                {room.pupils_per_level
                  .map((level) => `${level.level} : ${count(level, 'pupils', level.pupils, lang)}`)
                  .join(' · ') || room.levels.join(', ')}
              </Table.Td>
              <Table.Td>{room.teachers.join(', ')}</Table.Td>
              <Table.Td>{count(room, 'pupils', room.pupils, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}
