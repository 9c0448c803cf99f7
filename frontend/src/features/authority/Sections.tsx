import { Anchor, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { QueryState } from '../../shared/QueryState';
import { type AttendanceQuery, csvUrl, type NotTakenPeriod, type SchoolFilters } from './api';
import { AttendanceTrendChart, CirconscriptionAttendanceChart, SchoolAttendanceChart } from './Charts';
import {
  COVERAGE_THRESHOLD,
  count,
  firstOfMonth,
  formatDate,
  formatMonth,
  mondayOf,
  parisToday,
  rate,
  wholePercent,
} from './format';
import {
  chartQueries,
  useAttendance,
  useCanteen,
  useCases,
  useCirconscriptions,
  useHeadcounts,
  useMovements,
  useRollCallsNotTaken,
  useSchools,
  useTimetableVolume,
} from './hooks';
import { DataTable, PeriodInput, ResultsTable, SchoolCell, Section } from './Parts';
import { circonscriptionPath, classroomPath } from './paths';
import type { AuthorityCoverage } from './types';

const A = '/api/v1/authority';

/** The circonscriptions of a DASEN, with their figures this month and a drill-down link. */
export function CirconscriptionsSection() {
  const { t, i18n } = useTranslation();
  const query = useCirconscriptions(true);
  const title = t('authority.circonscriptions.title');
  return (
    <Section title={title} csvHref={csvUrl(`${A}/circonscriptions/`)} description={t('authority.thisMonth')}>
      <ResultsTable
        query={query}
        caption={title}
        head={[
          t('authority.columns.circonscription'),
          t('authority.columns.schools'),
          t('authority.columns.pupils'),
          t('authority.columns.attendanceRate'),
          t('authority.columns.coverage'),
          t('authority.columns.latenessRate'),
          t('authority.columns.openCases'),
        ]}
        row={(row) => {
          const exact = { suppressed: [], coverage_sufficient: scopeCovered(row.attendance_coverage) };
          const coverage = row.attendance_coverage;
          return (
            <Table.Tr key={row.code}>
              <Table.Td>
                <Anchor
                  component={Link}
                  to={circonscriptionPath(row.code)}
                  aria-label={t('authority.links.circonscription', { name: row.name })}
                >
                  {row.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{count(exact, 'schools', row.schools, i18n.language)}</Table.Td>
              <Table.Td>{count(exact, 'pupils', row.pupils, i18n.language)}</Table.Td>
              <Table.Td>{rate(exact, 'attendance_rate', row.attendance_rate, i18n.language)}</Table.Td>
              <Table.Td>
                <CoverageCell taken={coverage.calls_taken} due={coverage.calls_due} />
                {coverage.schools_left_out > 0 ? (
                  <Text size="xs" c="red.9">
                    {t('authority.coverage.leftOut', {
                      count: coverage.schools_left_out,
                      threshold: wholePercent(coverage.threshold, i18n.language),
                    })}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>{rate(exact, 'lateness_rate', row.lateness_rate, i18n.language)}</Table.Td>
              <Table.Td>{count(exact, 'open_l1318_cases', row.open_l1318_cases, i18n.language)}</Table.Td>
            </Table.Tr>
          );
        }}
      />
    </Section>
  );
}

/** A scope's rate stands when at least one school's calls cover the period. */
export function scopeCovered(coverage: AuthorityCoverage): boolean {
  return coverage.schools === 0 || coverage.schools_covered > 0;
}

/** "3 / 27 appels": the calls taken against the calls due. */
export function CoverageCell({ taken, due, sufficient = true }: { taken: number; due: number; sufficient?: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <Text span size="sm" aria-label={t('authority.coverage.callsLabel', { taken, due })}>
        {t('authority.coverage.calls', { taken, count: due })}
      </Text>
      {sufficient ? null : (
        <Text span size="xs" fw={700} c="red.9">
          {t('authority.coverage.insufficient')}
        </Text>
      )}
    </Stack>
  );
}

/** The schools of the scope (filtered), each a drill-down link. */
export function SchoolsSection({ filters, inspection }: { filters: SchoolFilters; inspection: boolean }) {
  const { t, i18n } = useTranslation();
  const query = useSchools(filters);
  const title = t('authority.schools.title');
  const head = [t('authority.columns.school'), t('authority.columns.circonscription'), t('authority.columns.classrooms'), t('authority.columns.pupils')];
  if (inspection) head.push(t('authority.columns.openCases'));
  return (
    <Section title={title} csvHref={csvUrl(`${A}/schools/`, { ...filters })}>
      <ResultsTable
        query={query} caption={title} head={head}
        row={(row) => (
          <Table.Tr key={row.school.id}>
            <Table.Td>
              <SchoolCell school={row.school} />
            </Table.Td>
            <Table.Td>{row.school.circonscription.name}</Table.Td>
            <Table.Td>{row.classrooms}</Table.Td>
            <Table.Td>{count(row, 'pupils', row.pupils, i18n.language)}</Table.Td>
            {inspection ? <Table.Td>{count(row, 'open_l1318_cases', row.open_l1318_cases, i18n.language)}</Table.Td> : null}
          </Table.Tr>
        )}
      />
    </Section>
  );
}

/** At most this many schools in the charts: beyond, they ask to narrow the scope down. */
const CHART_SCHOOLS = 40;

/**
 * Charts: attendance month by month this school year, and per school this month. For the
 * whole département (a DASEN with no filter), one bar per circonscription instead: the
 * trend of hundreds of schools is asked circonscription by circonscription.
 */
export function AttendanceChartsSection({ filters, departement = false }: { filters: SchoolFilters; departement?: boolean }) {
  const { t } = useTranslation();
  const today = parisToday();
  const narrowed = Object.values(filters).some((value) => value !== undefined && value !== '');
  const wholeDepartement = departement && !narrowed;
  const series = chartQueries(filters, today);
  const trend = useAttendance(series.trend, !wholeDepartement);
  const month = useAttendance(series.month, !wholeDepartement);
  const circonscriptions = useCirconscriptions(wholeDepartement);
  const tooMany = <Text c="dimmed">{t('authority.charts.tooMany')}</Text>;
  if (wholeDepartement) {
    return (
      <Section title={t('authority.charts.title')} description={t('authority.charts.pickCirconscription')}>
        {circonscriptions.data === undefined ? (
          <QueryState query={circonscriptions} />
        ) : (
          <CirconscriptionAttendanceChart rows={circonscriptions.data.results} />
        )}
      </Section>
    );
  }
  return (
    <Section title={t('authority.charts.title')}>
      <Stack gap="md">
        {trend.data === undefined ? (
          <QueryState query={trend} />
        ) : trend.data.count > trend.data.results.length ? (
          tooMany
        ) : (
          <AttendanceTrendChart rows={trend.data.results} />
        )}
        {month.data === undefined ? (
          <QueryState query={month} />
        ) : month.data.results.length > CHART_SCHOOLS || month.data.count > month.data.results.length ? (
          tooMany
        ) : (
          <SchoolAttendanceChart rows={month.data.results} />
        )}
      </Stack>
    </Section>
  );
}

/** Attendance aggregates, per school or per classroom, for a month or a day. */
export function AttendanceSection({
  filters,
  by = 'school',
  classroomId,
}: {
  filters: SchoolFilters;
  by?: 'school' | 'classroom';
  /** Only this classroom's rows (the API filters by school; the CSV keeps the school's). */
  classroomId?: number;
}) {
  const { t, i18n } = useTranslation();
  const today = parisToday();
  const [period, setPeriod] = useState<'month' | 'week' | 'day'>('month');
  const from = { month: firstOfMonth(today), week: mondayOf(today), day: today }[period];
  const query: AttendanceQuery = { ...filters, by, period, date_from: from, date_to: today };
  const rows = useAttendance(query);
  const results = (rows.data?.results ?? []).filter((row) => classroomId === undefined || row.classroom?.id === classroomId);
  const title = t('authority.attendance.title');
  const lang = i18n.language;
  return (
    <Section
      title={title}
      csvHref={csvUrl(`${A}/attendance/`, { ...query })}
      description={`${t('authority.attendance.masking')} ${t('authority.coverage.help', {
        threshold: wholePercent(COVERAGE_THRESHOLD, lang),
      })}`}
      actions={
        <SegmentedControl
          aria-label={t('authority.attendance.period')}
          value={period}
          onChange={(value) => setPeriod(value as 'month' | 'week' | 'day')}
          data={[
            { value: 'month', label: t('authority.attendance.thisMonth') },
            { value: 'week', label: t('authority.attendance.thisWeek') },
            { value: 'day', label: t('authority.attendance.today') },
          ]}
        />
      }
    >
      {rows.data === undefined ? (
        <QueryState query={rows} />
      ) : (
        <DataTable
          caption={title}
          minWidth={760}
          empty={results.length === 0}
          head={[
            by === 'school' ? t('authority.columns.school') : t('authority.columns.classroom'),
            t('authority.columns.coverage'),
            t('authority.columns.pupils'),
            t('authority.columns.absentHalfDays'),
            t('authority.columns.absentPupils'),
            t('authority.columns.attendanceRate'),
            t('authority.columns.latePupils'),
            t('authority.columns.latenessRate'),
          ]}
        >
          {results.map((row) => (
            <Table.Tr key={`${row.school.id}-${row.classroom?.id ?? ''}-${row.period_start}`}>
              <Table.Td>
                {row.classroom ? (
                  <Anchor component={Link} to={classroomPath(row.classroom.id)}>
                    {row.classroom.name}
                  </Anchor>
                ) : (
                  <SchoolCell school={row.school} />
                )}
              </Table.Td>
              <Table.Td>
                <CoverageCell taken={row.roll_calls} due={row.calls_due} sufficient={row.coverage_sufficient} />
              </Table.Td>
              <Table.Td>{count(row, 'pupils', row.pupils, lang)}</Table.Td>
              <Table.Td>{count(row, 'absent_half_days', row.absent_half_days, lang)}</Table.Td>
              <Table.Td>{count(row, 'absent_pupils', row.absent_pupils, lang)}</Table.Td>
              <Table.Td>{rate(row, 'attendance_rate', row.attendance_rate, lang)}</Table.Td>
              <Table.Td>{count(row, 'late_pupils', row.late_pupils, lang)}</Table.Td>
              <Table.Td>{rate(row, 'lateness_rate', row.lateness_rate, lang)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}

/** Headcounts per school, level and classroom, today or at a chosen date. */
export function HeadcountsSection({ filters }: { filters: SchoolFilters }) {
  const { t, i18n } = useTranslation();
  const [date, setDate] = useState(parisToday());
  const query = useHeadcounts(filters, date || undefined);
  const title = t('authority.headcounts.title');
  const lang = i18n.language;
  return (
    <Section
      title={title}
      csvHref={csvUrl(`${A}/headcounts/`, { ...filters, date })}
      actions={<PeriodInput type="date" label={t('authority.headcounts.date')} value={date} onChange={setDate} />}
    >
      <ResultsTable
        query={query}
        caption={title}
        head={[t('authority.columns.school'), t('authority.columns.pupils'), t('authority.columns.levels'), t('authority.columns.classrooms')]}
        row={(row) => (
          <Table.Tr key={row.school.id}>
            <Table.Td>
              <SchoolCell school={row.school} />
            </Table.Td>
            <Table.Td>{count(row, 'pupils', row.pupils, lang)}</Table.Td>
            <Table.Td>
              {row.levels.map((level) => `${level.level} : ${count(level, 'pupils', level.pupils, lang)}`).join(' · ')}
            </Table.Td>
            <Table.Td>
              {row.classrooms.map((room) => `${room.name} : ${count(room, 'pupils', room.pupils, lang)}`).join(' · ')}
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Section>
  );
}

/** Arrivals and departures of a month. */
export function MovementsSection({ filters }: { filters: SchoolFilters }) {
  const { t, i18n } = useTranslation();
  const [month, setMonth] = useState(parisToday().slice(0, 7));
  const query = useMovements(filters, month || undefined);
  const title = t('authority.movements.title');
  const lang = i18n.language;
  return (
    <Section
      title={title}
      csvHref={csvUrl(`${A}/movements/`, { ...filters, month })}
      actions={<PeriodInput type="month" label={t('authority.movements.month')} value={month} onChange={setMonth} />}
    >
      <ResultsTable
        query={query}
        caption={month ? `${title} · ${formatMonth(month, lang)}` : title}
        head={[t('authority.columns.school'), t('authority.columns.arrivals'), t('authority.columns.departures')]}
        row={(row) => (
          <Table.Tr key={row.school.id}>
            <Table.Td>
              <SchoolCell school={row.school} />
            </Table.Td>
            <Table.Td>{count(row, 'arrivals', row.arrivals, lang)}</Table.Td>
            <Table.Td>{count(row, 'departures', row.departures, lang)}</Table.Td>
          </Table.Tr>
        )}
      />
    </Section>
  );
}

/** The canteen forecast: today's estimate and the coming school days. */
export function CanteenSection({ filters }: { filters: SchoolFilters }) {
  const { t, i18n } = useTranslation();
  const query = useCanteen(filters);
  const title = t('authority.canteen.title');
  const lang = i18n.language;
  const rows = query.data?.results ?? [];
  const dates = [...new Set(rows.flatMap((row) => row.days.map((day) => day.date)))].sort();
  return (
    <Section title={title} csvHref={csvUrl(`${A}/canteen/`, { ...filters })} description={t('authority.canteen.help')}>
      {query.data === undefined ? (
        <QueryState query={query} />
      ) : (
        <DataTable
          caption={title}
          minWidth={Math.max(560, 200 + dates.length * 120)}
          empty={rows.length === 0}
          head={[
            t('authority.columns.school'),
            t('authority.canteen.todayEstimate'),
            ...dates.map((date) => formatDate(date, lang, { weekday: 'short', day: 'numeric', month: 'short', year: undefined })),
          ]}
        >
          {rows.map((row) => (
            <Table.Tr key={row.school.id}>
              <Table.Td>
                <SchoolCell school={row.school} />
                {row.has_canteen ? null : (
                  <Text size="xs" c="dimmed">
                    {t('authority.canteen.noCanteen')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {row.today ? (
                  <Stack gap={0}>
                    <Text span display="block" fw={700}>
                      {count(row.today, 'estimate', row.today.estimate, lang)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('authority.canteen.callsTaken', {
                        count: row.today.morning_roll_calls_taken,
                        total: row.today.classrooms,
                      })}
                    </Text>
                  </Stack>
                ) : (
                  t('authority.canteen.noSchoolToday')
                )}
              </Table.Td>
              {dates.map((date) => {
                const day = row.days.find((d) => d.date === date);
                return (
                  <Table.Td key={date}>
                    {day ? (
                      <Stack gap={0}>
                        <Text span display="block" fw={600}>
                          {count(day, 'expected', day.expected, lang)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t('authority.canteen.detail', {
                            enrolled: count(day, 'enrolled', day.enrolled, lang),
                            absent: count(day, 'announced_absent', day.announced_absent, lang),
                          })}
                        </Text>
                      </Stack>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}

/** Roll calls not taken today, this week or this month, per school and classroom. */
export function RollCallsNotTakenSection({ filters }: { filters: SchoolFilters }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<NotTakenPeriod>('today');
  const query = useRollCallsNotTaken(filters, period, true);
  const title = t('authority.notTaken.title');
  return (
    <Section
      title={title}
      csvHref={csvUrl(`${A}/roll-calls-not-taken/`, { ...filters, period })}
      actions={
        <SegmentedControl
          aria-label={t('authority.notTaken.period')}
          value={period}
          onChange={(value) => setPeriod(value as NotTakenPeriod)}
          data={[
            { value: 'today', label: t('authority.notTaken.today') },
            { value: 'week', label: t('authority.notTaken.week') },
            { value: 'month', label: t('authority.notTaken.month') },
          ]}
        />
      }
    >
      <ResultsTable
        query={query}
        caption={title}
        head={[
          t('authority.columns.school'),
          t('authority.columns.callsExpected'),
          t('authority.columns.callsTaken'),
          t('authority.columns.callsMissing'),
          t('authority.columns.classroomsMissing'),
        ]}
        row={(row) => (
          <Table.Tr key={row.school.id}>
            <Table.Td>
              <SchoolCell school={row.school} />
            </Table.Td>
            <Table.Td>{row.calls_expected}</Table.Td>
            <Table.Td>{row.calls_taken}</Table.Td>
            <Table.Td>
              <Text fw={row.calls_missing > 0 ? 700 : 400} c={row.calls_missing > 0 ? 'red.9' : undefined} span>
                {row.calls_missing}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap="xs">
                {row.classrooms
                  .filter((room) => room.missing > 0)
                  .map((room) => (
                    <Anchor key={room.id} component={Link} to={classroomPath(room.id)} size="sm">
                      {t('authority.notTaken.classroomMissing', { name: room.name, count: room.missing })}
                    </Anchor>
                  ))}
              </Group>
            </Table.Td>
          </Table.Tr>
        )}
      />
    </Section>
  );
}

/** L131-8 cases (4 unjustified half-days or more in a month). */
export function CasesSection({ school, circonscription }: { school?: number; circonscription?: string }) {
  const { t, i18n } = useTranslation();
  const filters = { school, circonscription };
  const query = useCases(filters, true);
  const title = t('authority.cases.title');
  return (
    <Section title={title} csvHref={csvUrl(`${A}/l1318-cases/`, filters)} description={t('authority.cases.help')}>
      <ResultsTable
        query={query}
        caption={title}
        minWidth={720}
        head={[
          t('authority.columns.pupil'),
          t('authority.columns.school'),
          t('authority.columns.classroom'),
          t('authority.columns.month'),
          t('authority.columns.unjustifiedHalfDays'),
          t('authority.columns.caseStatus'),
        ]}
        row={(row) => (
          <Table.Tr key={row.id}>
            <Table.Td>
              {row.pupil.first_name} {row.pupil.last_name}
            </Table.Td>
            <Table.Td>{row.school.name}</Table.Td>
            <Table.Td>
              <Anchor component={Link} to={classroomPath(row.classroom.id)}>
                {row.classroom.name}
              </Anchor>
            </Table.Td>
            <Table.Td>{formatMonth(row.month, i18n.language)}</Table.Td>
            <Table.Td>{row.unjustified_half_days}</Table.Td>
            <Table.Td>{t(`authority.cases.status.${row.case_status}`)}</Table.Td>
          </Table.Tr>
        )}
      />
    </Section>
  );
}

function hours(minutes: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 }).format(minutes / 60);
}

/** Weekly timetable volume of each classroom against the national 24 hours. */
export function TimetableVolumeSection({ filters, classroomId }: { filters: SchoolFilters; classroomId?: number }) {
  const { t, i18n } = useTranslation();
  const query = useTimetableVolume(filters, true);
  const title = t('authority.volume.title');
  const lang = i18n.language;
  const rows = (query.data?.results ?? []).filter((row) => classroomId === undefined || row.classroom.id === classroomId);
  return (
    <Section title={title} csvHref={csvUrl(`${A}/timetable-volume/`, { ...filters })} description={t('authority.volume.help')}>
      {query.data === undefined ? (
        <QueryState query={query} />
      ) : (
        <DataTable
          caption={title}
          empty={rows.length === 0}
          head={[
            t('authority.columns.classroom'),
            t('authority.columns.school'),
            t('authority.columns.weeklyHours'),
            t('authority.columns.difference'),
            t('authority.columns.cancelled'),
          ]}
        >
          {rows.map((row) => (
            <Table.Tr key={row.classroom.id}>
              <Table.Td>
                <Anchor component={Link} to={classroomPath(row.classroom.id)}>
                  {row.classroom.name}
                </Anchor>
              </Table.Td>
              <Table.Td>{row.school.name}</Table.Td>
              <Table.Td>{t('authority.volume.hours', { hours: hours(row.weekly_minutes, lang) })}</Table.Td>
              <Table.Td>
                <Text span c={row.difference_minutes < 0 ? 'red.9' : undefined}>
                  {t('authority.volume.hours', {
                    hours: `${row.difference_minutes > 0 ? '+' : ''}${hours(row.difference_minutes, lang)}`,
                  })}
                </Text>
              </Table.Td>
              <Table.Td>{row.cancelled_without_replacement}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}
