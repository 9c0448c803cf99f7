import { Anchor, Box, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { QueryState } from '../../shared/QueryState';
import type { SchoolFilters } from './api';
import { schoolPath } from './paths';
import classes from './Authority.module.css';
import { wholePercent } from './format';
import type { AuthorityCoverage, AuthoritySchoolRef } from './types';

export interface KeyFigureItem {
  id: string;
  label: string;
  value: string;
  hint?: string;
}

/** The key figures at the top of a dashboard, as a description list of cards. */
export function KeyFigures({ items, label }: { items: KeyFigureItem[]; label: string }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <VisuallyHidden>
        <h2 id={headingId}>{label}</h2>
      </VisuallyHidden>
      <SimpleGrid component="dl" cols={{ base: 2, sm: 3, lg: 5 }} spacing="md" m={0}>
      {items.map((item) => (
        <Paper key={item.id} withBorder radius="md" p={{ base: 'sm', sm: 'md' }} miw={0} data-testid={`figure-${item.id}`}>
          <Text component="dt" size="sm" c="dimmed">
            {item.label}
          </Text>
          <Text
            component="dd"
            m={0}
            fz={/\p{L}{4}/u.test(item.value) ? 'lg' : 28}
            fw={700}
            lh={1.2}
            style={{ overflowWrap: 'anywhere' }}
          >
            {item.value}
          </Text>
          {item.hint ? (
            <Text component="dd" m={0} size="xs" c="dimmed">
              {item.hint}
            </Text>
          ) : null}
        </Paper>
      ))}
      </SimpleGrid>
    </section>
  );
}

/** A link to the CSV form of a list; the browser downloads it (same session). */
export function CsvLink({ href, table }: { href: string; table: string }) {
  const { t } = useTranslation();
  return (
    <Anchor href={href} download size="sm" aria-label={t('authority.csv.labelOf', { table })}>
      {t('authority.csv.label')}
    </Anchor>
  );
}

/** A titled region of a dashboard, with its CSV link and filters on the right. */
export function Section({
  title,
  csvHref,
  actions,
  children,
  description,
}: {
  title: string;
  csvHref?: string;
  actions?: ReactNode;
  description?: ReactNode;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Group justify="space-between" align="flex-end" wrap="wrap" gap="sm">
        <Title order={2} id={headingId} fz="h3">
          {title}
        </Title>
        <Group gap="md" align="flex-end" wrap="wrap">
          {actions}
          {csvHref ? <CsvLink href={csvHref} table={title} /> : null}
        </Group>
      </Group>
      {description ? (
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      ) : null}
      {children}
    </Stack>
  );
}

/** A table that scrolls sideways on a narrow screen instead of widening the page. */
export function DataTable({
  caption,
  head,
  children,
  minWidth = 560,
  empty,
}: {
  caption: string;
  head: ReactNode[];
  children: ReactNode;
  minWidth?: number;
  empty?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ScrollingTable label={caption}>
      <Table striped highlightOnHover withTableBorder verticalSpacing="xs" style={{ minWidth }}>
        <Table.Caption style={{ margin: 0, padding: 0 }}>
          <VisuallyHidden>{caption}</VisuallyHidden>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            {head.map((cell, index) => (
              <Table.Th key={index} scope="col">
                {cell}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {empty ? (
            <Table.Tr>
              <Table.Td colSpan={head.length}>
                <Text c="dimmed" size="sm">
                  {t('authority.noRow')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            children
          )}
        </Table.Tbody>
      </Table>
    </ScrollingTable>
  );
}

/**
 * The box a wide table scrolls sideways in on a narrow screen (the page itself never
 * does): a named region that takes the keyboard focus, so that the arrow keys scroll it.
 * Positioned, so that what is absolutely positioned inside (the visually hidden caption)
 * is clipped with the table instead of widening the page.
 */
export function ScrollingTable({ label, children }: { label: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Box
      tabIndex={0}
      role="region"
      aria-label={t('authority.tableRegion', { caption: label })}
      maw="100%"
      pos="relative"
      style={{ overflowX: 'auto' }}
      className={classes.scroller}
    >
      {children}
    </Box>
  );
}

/** What a scope's attendance rate covers: calls taken / due, the schools left out. */
export function coverageHint(coverage: AuthorityCoverage, t: TFunction, language: string): string {
  if (coverage.schools === 0) return '';
  const threshold = wholePercent(coverage.threshold, language);
  const parts = [];
  if (coverage.schools_covered === 0) {
    parts.push(t('authority.coverage.noSchool'));
  } else {
    parts.push(
      t('authority.coverage.summary', {
        count: coverage.schools_covered,
        schools: coverage.schools,
        taken: coverage.calls_taken,
        due: coverage.calls_due,
      }),
    );
  }
  if (coverage.schools_left_out > 0) {
    parts.push(t('authority.coverage.leftOut', { count: coverage.schools_left_out, threshold }));
    if (coverage.schools_without_calls > 0) {
      parts.push(t('authority.coverage.withoutCalls', { count: coverage.schools_without_calls }));
    }
  }
  return parts.join(' ');
}

interface ListQuery<T> {
  data: { results: T[] } | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  refetch: () => unknown;
}

/** A list answer as a table, one row per result; its loader or error until it has data. */
export function ResultsTable<T>({
  query,
  caption,
  head,
  minWidth,
  row,
}: {
  query: ListQuery<T>;
  caption: string;
  head: ReactNode[];
  minWidth?: number;
  row: (item: T) => ReactNode;
}) {
  if (query.data === undefined) return <QueryState query={query} />;
  return (
    <DataTable caption={caption} head={head} minWidth={minWidth} empty={query.data.results.length === 0}>
      {query.data.results.map(row)}
    </DataTable>
  );
}

/** The date (or month) a section shows, as a small input in its header. */
export function PeriodInput({
  type,
  label,
  value,
  onChange,
}: {
  type: 'date' | 'month';
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return <TextInput type={type} label={label} value={value} onChange={(event) => onChange(event.currentTarget.value)} size="sm" />;
}

/** The school's name as a drill-down link, with its UAI and commune under it. */
export function SchoolCell({ school }: { school: AuthoritySchoolRef }) {
  const { t } = useTranslation();
  return (
    <Stack gap={0}>
      <Anchor component={Link} to={schoolPath(school.id)} aria-label={t('authority.links.school', { name: school.name })}>
        {school.name}
      </Anchor>
      <Text size="xs" c="dimmed">
        {school.uai} · {school.commune.name}
      </Text>
    </Stack>
  );
}

export interface FilterOption {
  value: string;
  label: string;
}

/** Filters of the lists by school: search, commune, circonscription. */
export function SchoolFilterBar({
  filters,
  onChange,
  communes,
  circonscriptions,
}: {
  filters: SchoolFilters;
  onChange: (filters: SchoolFilters) => void;
  communes: FilterOption[];
  circonscriptions: FilterOption[];
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="md" component="form" role="search" aria-label={t('authority.filters.title')}
      onSubmit={(event) => event.preventDefault()}>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <TextInput
          label={t('authority.filters.search')}
          placeholder={t('authority.filters.searchPlaceholder')}
          value={filters.search ?? ''}
          onChange={(event) => onChange({ ...filters, search: event.currentTarget.value || undefined })}
        />
        {communes.length > 1 ? (
          <Select
            label={t('authority.filters.commune')}
            placeholder={t('authority.filters.all')}
            data={communes}
            value={filters.commune ?? null}
            onChange={(value) => onChange({ ...filters, commune: value ?? undefined })}
            clearable
            searchable
          />
        ) : null}
        {circonscriptions.length > 1 ? (
          <Select
            label={t('authority.filters.circonscription')}
            placeholder={t('authority.filters.all')}
            data={circonscriptions}
            value={filters.circonscription ?? null}
            onChange={(value) => onChange({ ...filters, circonscription: value ?? undefined })}
            clearable
            searchable
          />
        ) : null}
      </SimpleGrid>
    </Paper>
  );
}
