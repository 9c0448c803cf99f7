import '@mantine/charts/styles.css';

import { BarChart, LineChart } from '@mantine/charts';
import { Paper, Stack, Table, Text } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';

import { formatMonth, percent } from './format';
import { ScrollingTable } from './Parts';
import type { AuthorityAttendanceRow, AuthorityCirconscription } from './types';

interface MonthPoint {
  month: string;
  label: string;
  attendance: number;
  lateness: number;
  /** Schools whose half-days are summed, and schools with figures that month. */
  counted: number;
  schools: number;
}

/**
 * Attendance per month over the schools of the rows whose calls cover the month: the
 * half-days the API gives are summed. Left out: schools whose figures are masked for the
 * viewer (their counts are not known) and schools with too few calls that month
 * (`coverage_sufficient: false`, "couverture insuffisante").
 */
export function monthlyTrend(rows: AuthorityAttendanceRow[], language: string): MonthPoint[] {
  const months = new Map<string, { expected: number; absent: number; late: number; counted: number; schools: number }>();
  for (const row of rows) {
    const month = row.period_start.slice(0, 7);
    const sum = months.get(month) ?? { expected: 0, absent: 0, late: 0, counted: 0, schools: 0 };
    sum.schools += 1;
    months.set(month, sum);
    if (!row.coverage_sufficient) continue;
    if (row.expected_half_days === null || row.absent_half_days === null || row.late_arrivals === null) continue;
    sum.expected += row.expected_half_days;
    sum.absent += row.absent_half_days;
    sum.late += row.late_arrivals;
    sum.counted += 1;
  }
  return [...months.entries()]
    .filter(([, sum]) => sum.expected > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, sum]) => ({
      month,
      label: formatMonth(month, language),
      attendance: percent(1 - sum.absent / sum.expected),
      lateness: percent(sum.late / sum.expected),
      counted: sum.counted,
      schools: sum.schools,
    }));
}

const percentFormatter = (language: string) => (value: number) =>
  `${new Intl.NumberFormat(language === 'en' ? 'en-GB' : 'fr-FR', { maximumFractionDigits: 1 }).format(value)} %`;

/**
 * A chart with its text alternative: a caption saying what it shows, the chart itself
 * hidden from assistive technologies, and the figures in a small table next to it.
 */
function ChartFigure({
  caption,
  chart,
  head,
  rows,
}: {
  caption: string;
  chart: React.ReactNode;
  head: string[];
  rows: string[][];
}) {
  const captionId = useId();
  return (
    <Paper withBorder radius="md" p="md" component="figure" m={0} aria-labelledby={captionId}>
      <Stack gap="sm">
        <Text component="figcaption" id={captionId} fw={600}>
          {caption}
        </Text>
        <div aria-hidden="true">{chart}</div>
        <ScrollingTable label={caption}>
          <Table withTableBorder fz="sm" verticalSpacing={4} style={{ minWidth: 280 }}>
            <Table.Thead>
              <Table.Tr>
                {head.map((cell) => (
                  <Table.Th key={cell} scope="col">
                    {cell}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row[0]}>
                  {row.map((cell, index) =>
                    index === 0 ? (
                      <Table.Th key={index} scope="row" fw={400}>
                        {cell}
                      </Table.Th>
                    ) : (
                      <Table.Td key={index}>{cell}</Table.Td>
                    ),
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollingTable>
      </Stack>
    </Paper>
  );
}

/**
 * Attendance month by month since the start of the school year: one line, one axis in %
 * (lateness, a few %, is in the table under it, not on a second axis).
 */
export function AttendanceTrendChart({ rows }: { rows: AuthorityAttendanceRow[] }) {
  const { t, i18n } = useTranslation();
  const points = monthlyTrend(rows, i18n.language);
  const format = percentFormatter(i18n.language);
  if (points.length === 0) {
    const masked = rows.some((row) => row.suppressed.includes('absent_half_days'));
    const insufficient = rows.some((row) => !row.coverage_sufficient);
    return (
      <Text c="dimmed">
        {masked ? t('authority.charts.trendMasked') : insufficient ? t('authority.charts.allInsufficient') : t('authority.charts.noTrend')}
      </Text>
    );
  }
  return (
    <ChartFigure
      caption={t('authority.charts.trendCaption')}
      chart={
        <LineChart
          h={240}
          data={points}
          dataKey="label"
          series={[{ name: 'attendance', label: t('authority.charts.attendance'), color: 'teal.7' }]}
          unit=" %"
          yAxisLabel={t('authority.charts.axisPercent')}
          valueFormatter={format}
          curveType="monotone"
          lineChartProps={{ accessibilityLayer: false }}
        />
      }
      head={[
        t('authority.charts.month'),
        t('authority.charts.attendance'),
        t('authority.charts.lateness'),
        t('authority.charts.schoolsCounted'),
      ]}
      rows={points.map((point) => [
        point.label,
        format(point.attendance),
        format(point.lateness),
        `${point.counted} / ${point.schools}`,
      ])}
    />
  );
}

/** Attendance rate of each school for the period of the rows (one row per school). */
export function SchoolAttendanceChart({ rows }: { rows: AuthorityAttendanceRow[] }) {
  const { t } = useTranslation();
  const masked = rows.filter((row) => row.suppressed.includes('attendance_rate')).length;
  const insufficient = rows.filter((row) => !row.suppressed.includes('attendance_rate') && !row.coverage_sufficient).length;
  const known = rows.filter(
    (row) => row.attendance_rate !== null && row.coverage_sufficient && !row.suppressed.includes('attendance_rate'),
  );
  if (known.length === 0) {
    return (
      <Text c="dimmed">
        {masked > 0
          ? t('authority.charts.allMasked')
          : insufficient > 0
            ? t('authority.charts.allInsufficient')
            : t('authority.charts.noSchoolFigure')}
      </Text>
    );
  }
  const notes = [t('authority.charts.perSchoolCaption')];
  if (masked > 0) notes.push(t('authority.charts.maskedLeftOut', { count: masked }));
  if (insufficient > 0) notes.push(t('authority.charts.insufficientLeftOut', { count: insufficient }));
  return (
    <AttendanceBarChart
      caption={notes.join(' ')}
      nameLabel={t('authority.columns.school')}
      bars={known.map((row) => ({ name: row.school.name, rate: row.attendance_rate ?? 0 }))}
    />
  );
}

/** Attendance rate of each circonscription this month (the DASEN's view). */
export function CirconscriptionAttendanceChart({ rows }: { rows: AuthorityCirconscription[] }) {
  const { t } = useTranslation();
  const known = rows.filter((row) => row.attendance_rate !== null);
  if (known.length === 0) return <Text c="dimmed">{t('authority.charts.noSchoolFigure')}</Text>;
  return (
    <AttendanceBarChart
      caption={t('authority.charts.perCirconscriptionCaption')}
      nameLabel={t('authority.columns.circonscription')}
      bars={known.map((row) => ({ name: row.name, rate: row.attendance_rate ?? 0 }))}
    />
  );
}

function AttendanceBarChart({
  caption,
  nameLabel,
  bars,
}: {
  caption: string;
  nameLabel: string;
  bars: { name: string; rate: number }[];
}) {
  const { t, i18n } = useTranslation();
  const format = percentFormatter(i18n.language);
  const data = bars.map((bar) => ({ name: bar.name, attendance: percent(bar.rate) }));
  return (
    <ChartFigure
      caption={caption}
      chart={
        <BarChart
          h={Math.max(160, data.length * 36)}
          data={data}
          dataKey="name"
          orientation="vertical"
          yAxisProps={{ width: 120 }}
          unit=" %"
          xAxisLabel={t('authority.charts.axisPercent')}
          series={[{ name: 'attendance', label: t('authority.charts.attendance'), color: 'blue.7' }]}
          valueFormatter={format}
          barChartProps={{ accessibilityLayer: false }}
        />
      }
      head={[nameLabel, t('authority.charts.attendance')]}
      rows={data.map((point) => [point.name, format(point.attendance)])}
    />
  );
}
