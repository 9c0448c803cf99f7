import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/types';
import type {
  AuthorityAttendanceRow,
  AuthorityCanteenRow,
  AuthorityCase,
  AuthorityCirconscription,
  AuthorityClassroomDetail,
  AuthorityHeadcount,
  AuthorityMovement,
  AuthorityNotTaken,
  AuthorityOverview,
  AuthorityCahierRecap,
  AuthoritySchool,
  AuthoritySchoolClassrooms,
  AuthorityTimetableVolume,
  Paginated,
} from './types';

/** Dashboards show one page of the largest size; the CSV link gives every row. */
export const PAGE_SIZE = 200;

/** Query parameters shared by the lists by school. */
export interface SchoolFilters {
  commune?: string;
  circonscription?: string;
  school?: number;
  search?: string;
}

type Query = Record<string, string | number | undefined>;

function clean(query: Query): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') out[key] = String(value);
  }
  return out;
}

type AuthorityPath = Extract<keyof paths, `/api/v1/authority/${string}`>;

/**
 * The CSV form of a list (every row, `;`-separated, masked figures written "moins de 5 élèves"): the same URL
 * with `format=csv`, opened as a plain link so the browser downloads it.
 */
export function csvUrl(path: AuthorityPath | string, query: Query = {}): string {
  const params = new URLSearchParams({ ...clean(query), format: 'csv' });
  return `${path}?${params.toString()}`;
}

const id = (value: number) => String(value);

/**
 * The lists also answer CSV (`text/csv`), so the generated types say "JSON or string";
 * the client always asks for JSON (Accept: application/json), which drops the string.
 */
function unwrapJson<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<Exclude<T, string>> {
  return unwrap(call) as Promise<Exclude<T, string>>;
}

export function fetchOverview(): Promise<AuthorityOverview> {
  return unwrapJson(api.GET('/api/v1/authority/overview/'));
}

export function fetchSchools(filters: SchoolFilters): Promise<Paginated<AuthoritySchool>> {
  return unwrapJson(api.GET('/api/v1/authority/schools/', { params: { query: { ...filters, page_size: PAGE_SIZE } } }));
}

export function fetchSchool(schoolId: number): Promise<AuthoritySchool> {
  return unwrapJson(
    api.GET('/api/v1/authority/schools/{school_id}/', { params: { path: { school_id: id(schoolId) } } }),
  );
}

export function fetchSchoolClassrooms(schoolId: number): Promise<AuthoritySchoolClassrooms> {
  return unwrapJson(
    api.GET('/api/v1/authority/schools/{school_id}/classrooms/', { params: { path: { school_id: id(schoolId) } } }),
  );
}

export function fetchClassroom(classroomId: number): Promise<AuthorityClassroomDetail> {
  return unwrapJson(
    api.GET('/api/v1/authority/classrooms/{classroom_id}/', {
      params: { path: { classroom_id: id(classroomId) } },
    }),
  );
}

export function fetchCahierRecap(classroomId: number): Promise<AuthorityCahierRecap> {
  return unwrapJson(
    api.GET('/api/v1/authority/classrooms/{classroom_id}/cahier-recap/', {
      params: { path: { classroom_id: id(classroomId) } },
    }),
  );
}

export function fetchCirconscriptions(): Promise<Paginated<AuthorityCirconscription>> {
  return unwrapJson(api.GET('/api/v1/authority/circonscriptions/', { params: { query: { page_size: PAGE_SIZE } } }));
}

export function fetchHeadcounts(filters: SchoolFilters, date?: string): Promise<Paginated<AuthorityHeadcount>> {
  return unwrapJson(
    api.GET('/api/v1/authority/headcounts/', {
      params: { query: { ...filters, ...(date ? { date } : {}), page_size: PAGE_SIZE } },
    }),
  );
}

export function fetchMovements(filters: SchoolFilters, month?: string): Promise<Paginated<AuthorityMovement>> {
  return unwrapJson(
    api.GET('/api/v1/authority/movements/', {
      params: { query: { ...filters, ...(month ? { month } : {}), page_size: PAGE_SIZE } },
    }),
  );
}

export interface AttendanceQuery extends SchoolFilters {
  period: 'day' | 'week' | 'month';
  by: 'school' | 'classroom';
  date_from?: string;
  date_to?: string;
}

export function fetchAttendance(query: AttendanceQuery): Promise<Paginated<AuthorityAttendanceRow>> {
  return unwrapJson(api.GET('/api/v1/authority/attendance/', { params: { query: { ...query, page_size: PAGE_SIZE } } }));
}

export function fetchCanteen(filters: SchoolFilters, days?: number): Promise<Paginated<AuthorityCanteenRow>> {
  return unwrapJson(
    api.GET('/api/v1/authority/canteen/', {
      params: { query: { ...filters, ...(days ? { days } : {}), page_size: PAGE_SIZE } },
    }),
  );
}

export type NotTakenPeriod = 'today' | 'week' | 'month';

export function fetchRollCallsNotTaken(
  filters: SchoolFilters,
  period: NotTakenPeriod,
): Promise<Paginated<AuthorityNotTaken>> {
  return unwrapJson(
    api.GET('/api/v1/authority/roll-calls-not-taken/', {
      params: { query: { ...filters, period, page_size: PAGE_SIZE } },
    }),
  );
}

export interface CaseFilters {
  school?: number;
  circonscription?: string;
  month?: string;
}

export function fetchCases(filters: CaseFilters): Promise<Paginated<AuthorityCase>> {
  return unwrapJson(api.GET('/api/v1/authority/l1318-cases/', { params: { query: { ...filters, page_size: PAGE_SIZE } } }));
}

export function fetchTimetableVolume(filters: SchoolFilters): Promise<Paginated<AuthorityTimetableVolume>> {
  return unwrapJson(
    api.GET('/api/v1/authority/timetable-volume/', { params: { query: { ...filters, page_size: PAGE_SIZE } } }),
  );
}
