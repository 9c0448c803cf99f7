import { Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { usePageTitle } from '../../shared/usePageTitle';
import { QueryState } from '../../shared/QueryState';
import type { SchoolFilters } from './api';
import { count, rate } from './format';
import { useOverview, useSchools } from './hooks';
import { coverageHint, type FilterOption, type KeyFigureItem, KeyFigures, SchoolFilterBar } from './Parts';
import {
  AttendanceChartsSection,
  AttendanceSection,
  CanteenSection,
  CasesSection,
  CirconscriptionsSection,
  HeadcountsSection,
  MovementsSection,
  RollCallsNotTakenSection,
  SchoolsSection,
  scopeCovered,
  TimetableVolumeSection,
} from './Sections';
import type { AuthorityOverview, AuthoritySchool } from './types';

export function isInspection(overview: AuthorityOverview): boolean {
  return overview.authority_roles.some((role) => role === 'inspector' || role === 'dasen');
}

function options(schools: AuthoritySchool[]): { communes: FilterOption[]; circonscriptions: FilterOption[] } {
  const communes = new Map<string, string>();
  const circonscriptions = new Map<string, string>();
  for (const { school } of schools) {
    communes.set(school.commune.insee_code, school.commune.name);
    circonscriptions.set(school.circonscription.code, school.circonscription.name);
  }
  const sorted = (map: Map<string, string>) =>
    [...map.entries()].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  return { communes: sorted(communes), circonscriptions: sorted(circonscriptions) };
}

/** "Tableau de bord" of a commune officer, an IEN or the DASEN: everything in their scope. */
export function DashboardPage() {
  const { t } = useTranslation();
  usePageTitle(t('authority.title'));
  const overview = useOverview();
  return (
    <Stack gap="xl">
      <Title order={1}>{t('authority.title')}</Title>
      {overview.data === undefined ? <QueryState query={overview} /> : <Dashboard overview={overview.data} />}
    </Stack>
  );
}

function Dashboard({ overview }: { overview: AuthorityOverview }) {
  const { t, i18n } = useTranslation();
  const [filters, setFilters] = useState<SchoolFilters>({});
  const allSchools = useSchools({});
  const inspection = isInspection(overview);
  const isCommune = overview.authority_roles.includes('commune');
  const isDasen = overview.authority_roles.includes('dasen');
  const choices = options(allSchools.data?.results ?? []);
  const lang = i18n.language;
  const figures: KeyFigureItem[] = [
    { id: 'schools', label: t('authority.figures.schools'), value: count(overview, 'schools', overview.schools, lang) },
    { id: 'classrooms', label: t('authority.figures.classrooms'), value: count(overview, 'classrooms', overview.classrooms, lang) },
    { id: 'pupils', label: t('authority.figures.pupils'), value: count(overview, 'pupils', overview.pupils, lang) },
    {
      id: 'attendance',
      label: t('authority.figures.attendanceThisMonth'),
      value: rate(
        { ...overview, coverage_sufficient: scopeCovered(overview.attendance_coverage) },
        'attendance_rate_this_month',
        overview.attendance_rate_this_month,
        lang,
      ),
      hint: coverageHint(overview.attendance_coverage, t, lang),
    },
  ];
  if (inspection) {
    figures.push({
      id: 'cases',
      label: t('authority.figures.openCases'),
      value: count(overview, 'open_l1318_cases', overview.open_l1318_cases, lang),
    });
  }
  return (
    <Stack gap="xl">
      <Text>
        {overview.scopes.length > 0
          ? t('authority.scope', {
              scopes: overview.scopes.map((scope) => `${t(`authority.roles.${scope.role}`)} : ${scope.name}`).join(' · '),
            })
          : t('authority.noScope')}
      </Text>
      <KeyFigures label={t('authority.figures.title')} items={figures} />
      {isDasen ? <CirconscriptionsSection /> : null}
      <SchoolFilterBar
        filters={filters}
        onChange={setFilters}
        communes={choices.communes}
        circonscriptions={choices.circonscriptions}
      />
      <AttendanceChartsSection filters={filters} departement={isDasen} />
      <SchoolsSection filters={filters} inspection={inspection} />
      {inspection ? <RollCallsNotTakenSection filters={filters} /> : null}
      <AttendanceSection filters={filters} />
      {inspection ? <CasesSection circonscription={filters.circonscription} /> : null}
      {isCommune ? <CanteenSection filters={filters} /> : null}
      {isCommune ? <HeadcountsSection filters={filters} /> : null}
      {isCommune ? <MovementsSection filters={filters} /> : null}
      {inspection ? <TimetableVolumeSection filters={filters} /> : null}
    </Stack>
  );
}
