import { useQuery } from '@tanstack/react-query';

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

/** Every authority query lives under this prefix (read-only: nothing to invalidate). */
export const AUTHORITY_QUERY_KEY = ['authority'] as const;

const key = (...parts: unknown[]) => [...AUTHORITY_QUERY_KEY, ...parts] as const;
const keep = <T,>(previous: T | undefined) => previous;

export function useOverview() {
  return useQuery({ queryKey: key('overview'), queryFn: fetchOverview });
}

export function useSchools(filters: SchoolFilters, enabled = true) {
  return useQuery({
    queryKey: key('schools', filters),
    queryFn: () => fetchSchools(filters),
    placeholderData: keep,
    enabled,
  });
}

export function useSchool(schoolId: number) {
  return useQuery({ queryKey: key('school', schoolId), queryFn: () => fetchSchool(schoolId) });
}

export function useSchoolClassrooms(schoolId: number) {
  return useQuery({ queryKey: key('school-classrooms', schoolId), queryFn: () => fetchSchoolClassrooms(schoolId) });
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
  return useQuery({ queryKey: key('circonscriptions'), queryFn: fetchCirconscriptions, enabled });
}

export function useHeadcounts(filters: SchoolFilters, date?: string) {
  return useQuery({
    queryKey: key('headcounts', filters, date),
    queryFn: () => fetchHeadcounts(filters, date),
    placeholderData: keep,
  });
}

export function useMovements(filters: SchoolFilters, month?: string) {
  return useQuery({
    queryKey: key('movements', filters, month),
    queryFn: () => fetchMovements(filters, month),
    placeholderData: keep,
  });
}

export function useAttendance(query: AttendanceQuery, enabled = true) {
  return useQuery({
    queryKey: key('attendance', query),
    queryFn: () => fetchAttendance(query),
    placeholderData: keep,
    enabled,
  });
}

export function useCanteen(filters: SchoolFilters) {
  return useQuery({ queryKey: key('canteen', filters), queryFn: () => fetchCanteen(filters), placeholderData: keep });
}

export function useRollCallsNotTaken(filters: SchoolFilters, period: NotTakenPeriod, enabled: boolean) {
  return useQuery({
    queryKey: key('roll-calls-not-taken', filters, period),
    queryFn: () => fetchRollCallsNotTaken(filters, period),
    placeholderData: keep,
    enabled,
  });
}

export function useCases(filters: CaseFilters, enabled: boolean) {
  return useQuery({
    queryKey: key('l1318-cases', filters),
    queryFn: () => fetchCases(filters),
    placeholderData: keep,
    enabled,
  });
}

export function useTimetableVolume(filters: SchoolFilters, enabled: boolean) {
  return useQuery({
    queryKey: key('timetable-volume', filters),
    queryFn: () => fetchTimetableVolume(filters),
    placeholderData: keep,
    enabled,
  });
}
