import {
  type FetchQueryOptions,
  hashKey,
  type QueryClient,
  type QueryKey,
  queryOptions,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';

import {
  type AttendanceQuery,
  type CaseFilters,
  fetchAttendance,
  fetchCahierRecap,
  fetchCanteen,
  fetchCases,
  fetchCirconscriptions,
  fetchClassroom,
  fetchHeadcounts,
  fetchMovements,
  fetchOverview,
  fetchRollCallsNotTaken,
  fetchSchool,
  fetchSchoolClassrooms,
  fetchSchools,
  fetchTimetableVolume,
  type NotTakenPeriod,
  type SchoolFilters,
} from './api';
import { firstOfMonth, schoolYearStart } from './format';

/** Every authority query lives under this prefix (read-only: nothing to invalidate). */
export const AUTHORITY_QUERY_KEY = ['authority'] as const;

const key = (...parts: unknown[]) => [...AUTHORITY_QUERY_KEY, ...parts] as const;
const keep = <T,>(previous: T | undefined) => previous;

/**
 * The figures are the day's, the week's, the month's: an answer less than a minute old is
 * shown as it is (the page does not ask again for what its prefetch has just brought).
 */
const FRESH = 60_000;

/**
 * Each authority request as TanStack query options: the hooks below and the pages'
 * prefetch (`usePrefetch`) share them, so a prefetched answer is the one the page
 * asks for.
 */
export const authorityQueries = {
  overview: () => queryOptions({ queryKey: key('overview'), queryFn: fetchOverview, staleTime: FRESH }),
  schools: (filters: SchoolFilters) =>
    queryOptions({ queryKey: key('schools', filters), queryFn: () => fetchSchools(filters), staleTime: FRESH }),
  school: (schoolId: number) =>
    queryOptions({ queryKey: key('school', schoolId), queryFn: () => fetchSchool(schoolId), staleTime: FRESH }),
  schoolClassrooms: (schoolId: number) =>
    queryOptions({
      queryKey: key('school-classrooms', schoolId),
      queryFn: () => fetchSchoolClassrooms(schoolId),
      staleTime: FRESH,
    }),
  circonscriptions: () =>
    queryOptions({ queryKey: key('circonscriptions'), queryFn: fetchCirconscriptions, staleTime: FRESH }),
  headcounts: (filters: SchoolFilters, date?: string) =>
    queryOptions({
      queryKey: key('headcounts', filters, date),
      queryFn: () => fetchHeadcounts(filters, date),
      staleTime: FRESH,
    }),
  movements: (filters: SchoolFilters, month?: string) =>
    queryOptions({
      queryKey: key('movements', filters, month),
      queryFn: () => fetchMovements(filters, month),
      staleTime: FRESH,
    }),
  attendance: (query: AttendanceQuery) =>
    queryOptions({ queryKey: key('attendance', query), queryFn: () => fetchAttendance(query), staleTime: FRESH }),
  canteen: (filters: SchoolFilters) =>
    queryOptions({ queryKey: key('canteen', filters), queryFn: () => fetchCanteen(filters), staleTime: FRESH }),
  rollCallsNotTaken: (filters: SchoolFilters, period: NotTakenPeriod) =>
    queryOptions({
      queryKey: key('roll-calls-not-taken', filters, period),
      queryFn: () => fetchRollCallsNotTaken(filters, period),
      staleTime: FRESH,
    }),
  cases: (filters: CaseFilters) =>
    queryOptions({ queryKey: key('l1318-cases', filters), queryFn: () => fetchCases(filters), staleTime: FRESH }),
  timetableVolume: (filters: SchoolFilters) =>
    queryOptions({
      queryKey: key('timetable-volume', filters),
      queryFn: () => fetchTimetableVolume(filters),
      staleTime: FRESH,
    }),
};

/** The charts' two series: the school year month by month, and this month school by school. */
export function chartQueries(filters: SchoolFilters, today: string): { trend: AttendanceQuery; month: AttendanceQuery } {
  return {
    trend: { ...filters, period: 'month', by: 'school', date_from: schoolYearStart(today), date_to: today },
    month: { ...filters, period: 'month', by: 'school', date_from: firstOfMonth(today), date_to: today },
  };
}

/** One request of a page, started ahead: its key, and how to start it if not cached. */
export interface Prefetch {
  queryKey: QueryKey;
  start: (client: QueryClient) => void;
}

function ahead<TData, TKey extends QueryKey>(options: FetchQueryOptions<TData, Error, TData, TKey>): Prefetch {
  return {
    queryKey: options.queryKey,
    start: (client) => {
      if (client.getQueryState(options.queryKey) === undefined) void client.prefetchQuery(options);
    },
  };
}

/** Each request once (the month's chart and the attendance table ask for the same rows). */
function once(items: Prefetch[]): Prefetch[] {
  return [...new Map(items.map((item) => [hashKey(item.queryKey), item])).values()];
}

/** The sections a page of these roles shows, for a scope (no filter, a school, a circonscription). */
function sectionQueries(filters: SchoolFilters, today: string, { inspection, commune }: { inspection: boolean; commune: boolean }) {
  return [
    ...(inspection
      ? [
          ahead(authorityQueries.rollCallsNotTaken(filters, 'today')),
          ahead(authorityQueries.cases({ school: filters.school, circonscription: filters.circonscription })),
          ahead(authorityQueries.timetableVolume(filters)),
        ]
      : []),
    ...(commune
      ? [
          ahead(authorityQueries.canteen(filters)),
          ahead(authorityQueries.headcounts(filters, today)),
          ahead(authorityQueries.movements(filters, today.slice(0, 7))),
        ]
      : []),
  ];
}

function chartsAhead(filters: SchoolFilters, today: string): Prefetch[] {
  const charts = chartQueries(filters, today);
  return [ahead(authorityQueries.attendance(charts.trend)), ahead(authorityQueries.attendance(charts.month))];
}

function attendanceAhead(filters: SchoolFilters, by: 'school' | 'classroom', today: string): Prefetch {
  return ahead(authorityQueries.attendance({ ...filters, by, period: 'month', date_from: firstOfMonth(today), date_to: today }));
}

const isInspection = (roles: readonly string[]) => roles.includes('inspector') || roles.includes('dasen');

/** What the tableau de bord asks for when it opens (no filter), for these roles, each once. */
export function dashboardQueries(roles: readonly string[], today: string): Prefetch[] {
  const noFilter: SchoolFilters = {};
  return once([
    ahead(authorityQueries.overview()),
    ahead(authorityQueries.schools(noFilter)),
    // The DASEN's board lists the circonscriptions and charts them (too many schools).
    ...(roles.includes('dasen') ? [ahead(authorityQueries.circonscriptions())] : chartsAhead(noFilter, today)),
    attendanceAhead(noFilter, 'school', today),
    ...sectionQueries(noFilter, today, { inspection: isInspection(roles), commune: roles.includes('commune') }),
  ]);
}

/**
 * What a school's page asks for when it opens: the inspection's sections (IEN, DASEN) or
 * the commune's; for a viewer holding both kinds of roles, only what every school page
 * shows (the school's own figures decide which sections).
 */
export function schoolQueries(roles: readonly string[], schoolId: number, today: string): Prefetch[] {
  const filters: SchoolFilters = { school: schoolId };
  const inspection = isInspection(roles);
  const commune = roles.includes('commune');
  const sure = inspection !== commune;
  return once([
    ahead(authorityQueries.school(schoolId)),
    ahead(authorityQueries.schoolClassrooms(schoolId)),
    ...chartsAhead(filters, today),
    attendanceAhead(filters, 'classroom', today),
    ...(sure ? sectionQueries(filters, today, { inspection, commune }) : []),
  ]);
}

/** What a circonscription's page asks for when it opens (an IEN or the DASEN). */
export function circonscriptionQueries(code: string, today: string): Prefetch[] {
  const filters: SchoolFilters = { circonscription: code };
  return once([
    ahead(authorityQueries.circonscriptions()),
    ...chartsAhead(filters, today),
    ahead(authorityQueries.schools(filters)),
    attendanceAhead(filters, 'school', today),
    ...sectionQueries(filters, today, { inspection: true, commune: false }),
  ]);
}

/**
 * Starts a page's requests while its code is still loading (each page with its charts is
 * a chunk fetched on the first visit): called while rendering, before the page suspends,
 * as TanStack's `usePrefetchQuery` does — only what is not cached yet.
 */
export function usePrefetch(items: Prefetch[]): void {
  const client = useQueryClient();
  for (const item of items) item.start(client);
}

export function useOverview() {
  return useQuery(authorityQueries.overview());
}

export function useSchools(filters: SchoolFilters, enabled = true) {
  return useQuery({ ...authorityQueries.schools(filters), placeholderData: keep, enabled });
}

export function useSchool(schoolId: number) {
  return useQuery(authorityQueries.school(schoolId));
}

export function useSchoolClassrooms(schoolId: number) {
  return useQuery(authorityQueries.schoolClassrooms(schoolId));
}

export function useClassroom(classroomId: number) {
  return useQuery({ queryKey: key('classroom', classroomId), queryFn: () => fetchClassroom(classroomId) });
}

export function useCahierRecap(classroomId: number, enabled: boolean) {
  return useQuery({
    queryKey: key('cahier-recap', classroomId),
    queryFn: () => fetchCahierRecap(classroomId),
    enabled,
  });
}

export function useCirconscriptions(enabled: boolean) {
  return useQuery({ ...authorityQueries.circonscriptions(), enabled });
}

export function useHeadcounts(filters: SchoolFilters, date?: string) {
  return useQuery({ ...authorityQueries.headcounts(filters, date), placeholderData: keep });
}

export function useMovements(filters: SchoolFilters, month?: string) {
  return useQuery({ ...authorityQueries.movements(filters, month), placeholderData: keep });
}

export function useAttendance(query: AttendanceQuery, enabled = true) {
  return useQuery({ ...authorityQueries.attendance(query), placeholderData: keep, enabled });
}

export function useCanteen(filters: SchoolFilters) {
  return useQuery({ ...authorityQueries.canteen(filters), placeholderData: keep });
}

export function useRollCallsNotTaken(filters: SchoolFilters, period: NotTakenPeriod, enabled: boolean) {
  return useQuery({ ...authorityQueries.rollCallsNotTaken(filters, period), placeholderData: keep, enabled });
}

export function useCases(filters: CaseFilters, enabled: boolean) {
  return useQuery({ ...authorityQueries.cases(filters), placeholderData: keep, enabled });
}

export function useTimetableVolume(filters: SchoolFilters, enabled: boolean) {
  return useQuery({ ...authorityQueries.timetableVolume(filters), placeholderData: keep, enabled });
}
