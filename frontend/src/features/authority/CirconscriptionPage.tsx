import { Anchor, Breadcrumbs, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { NotFoundPage } from '../../shared/NotFoundPage';
import { usePageTitle } from '../../shared/usePageTitle';
import { QueryState } from '../../shared/QueryState';
import { count, rate } from './format';
import { useCirconscriptions } from './hooks';
import { coverageHint, KeyFigures } from './Parts';
import { DASHBOARD_PATH } from './paths';
import {
  AttendanceChartsSection,
  AttendanceSection,
  CasesSection,
  RollCallsNotTakenSection,
  SchoolsSection,
  scopeCovered,
  TimetableVolumeSection,
} from './Sections';

/** One circonscription of the DASEN (or the IEN's own): its schools and figures. */
export function CirconscriptionPage() {
  const { t, i18n } = useTranslation();
  const { code = '' } = useParams();
  const query = useCirconscriptions(true);
  const row = query.data?.results.find((item) => item.code === code);
  usePageTitle(row ? row.name : t('authority.title'));
  if (query.data === undefined) return <QueryState query={query} />;
  if (!row) return <NotFoundPage />;
  const lang = i18n.language;
  const exact = { suppressed: [] };
  const filters = { circonscription: code };
  return (
    <Stack gap="xl">
      <nav aria-label={t('authority.breadcrumbs')}>
        <Breadcrumbs>
        <Anchor component={Link} to={DASHBOARD_PATH}>
          {t('authority.title')}
        </Anchor>
        <Text aria-current="page">{row.name}</Text>
        </Breadcrumbs>
      </nav>
      <Title order={1}>{t('authority.circonscriptions.pageTitle', { name: row.name })}</Title>
      <KeyFigures
        label={t('authority.figures.title')}
        items={[
          { id: 'schools', label: t('authority.figures.schools'), value: count(exact, 'schools', row.schools, lang) },
          { id: 'classrooms', label: t('authority.figures.classrooms'), value: count(exact, 'classrooms', row.classrooms, lang) },
          { id: 'pupils', label: t('authority.figures.pupils'), value: count(exact, 'pupils', row.pupils, lang) },
          {
            id: 'attendance',
            label: t('authority.figures.attendanceThisMonth'),
            value: rate(
              { ...exact, coverage_sufficient: scopeCovered(row.attendance_coverage) },
              'attendance_rate',
              row.attendance_rate,
              lang,
            ),
            hint: coverageHint(row.attendance_coverage, t, lang),
          },
          { id: 'cases', label: t('authority.figures.openCases'), value: count(exact, 'open_l1318_cases', row.open_l1318_cases, lang) },
        ]}
      />
      <AttendanceChartsSection filters={filters} />
      <SchoolsSection filters={filters} inspection />
      <RollCallsNotTakenSection filters={filters} />
      <AttendanceSection filters={filters} />
      <CasesSection circonscription={code} />
      <TimetableVolumeSection filters={filters} />
    </Stack>
  );
}
