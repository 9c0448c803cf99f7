import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import { todayAtSchool } from '../../shared/dates';
import type {
  AgendaEventCreate,
  CalendarFeedCreated,
  ClosureCreate,
  ExceptionCreate,
  SlotCreate,
  SlotUpdate,
} from '../../api/types';
import {
  createClosure,
  createException,
  createFeed,
  createSchoolEvent,
  createSlot,
  deleteClosure,
  deleteException,
  deleteSchoolEvent,
  deleteSlot,
  fetchChildrenWeek,
  fetchClassroomWeek,
  fetchClosures,
  fetchFeeds,
  fetchSchoolCalendar,
  fetchSchoolClassrooms,
  fetchSchoolEvents,
  fetchSlots,
  fetchTeacherDay,
  revokeFeed,
  updateSlot,
} from './api';
import { TIMETABLE_QUERY_KEY, timetableKeys } from './queryKeys';

const SCHOOL_CLASSROOMS_KEY = (schoolId: number) => ['schools', 'classrooms', schoolId] as const;

// --- Reads -------------------------------------------------------------------------------

/** The week starting on `start` (a Monday) of each child of the viewer. */
export function useChildrenWeek(start: string) {
  return useQuery({
    queryKey: timetableKeys.childrenWeek(start),
    queryFn: () => fetchChildrenWeek(start),
    placeholderData: (previous) => previous,
  });
}

export function useClassroomWeek(classroomId: number, start: string) {
  return useQuery({
    queryKey: timetableKeys.classroomWeek(classroomId, start),
    queryFn: () => fetchClassroomWeek(classroomId, start),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === classroomId ? previous : undefined,
  });
}

export function useTeacherDay(date: string) {
  return useQuery({
    queryKey: timetableKeys.teacherDay(date),
    queryFn: () => fetchTeacherDay(date),
    placeholderData: (previous) => previous,
  });
}

/**
 * The half-days a page opens on when the URL names none, from the server's one rule
 * (`schools.calendar.default_half_day`, in the school calendar's `default_days`):
 * `records` (roll call, register, calls not taken) is the current school half-day, else
 * the last one; `homework` the current one not over, else the next one.
 */
export function useDefaultDays(schoolId: number | undefined) {
  const today = todayAtSchool();
  return useQuery({
    queryKey: timetableKeys.schoolCalendar(schoolId ?? 0, today, today),
    queryFn: () => fetchSchoolCalendar(schoolId ?? 0, today, today),
    enabled: schoolId !== undefined,
    staleTime: 60_000,
    select: (calendar) => calendar.default_days,
  });
}

/** The calendar of several schools over one range (to say why a day has no class). */
export function useSchoolCalendars(schoolIds: readonly number[], start: string, end: string) {
  return useQueries({
    queries: schoolIds.map((schoolId) => ({
      queryKey: timetableKeys.schoolCalendar(schoolId, start, end),
      queryFn: () => fetchSchoolCalendar(schoolId, start, end),
      staleTime: 5 * 60_000,
    })),
  });
}

export function useSlots(classroomId: number, enabled = true) {
  return useQuery({
    queryKey: timetableKeys.slots(classroomId),
    queryFn: () => fetchSlots(classroomId),
    enabled,
  });
}

export function useClosures(schoolId: number) {
  return useQuery({ queryKey: timetableKeys.closures(schoolId), queryFn: () => fetchClosures(schoolId) });
}

export function useSchoolEvents(schoolId: number, start: string, end: string) {
  return useQuery({
    queryKey: timetableKeys.events(schoolId, start, end),
    queryFn: () => fetchSchoolEvents(schoolId, start, end),
  });
}

export function useFeeds() {
  return useQuery({ queryKey: timetableKeys.feeds(), queryFn: fetchFeeds });
}

export function useSchoolClassrooms(schoolId: number) {
  return useQuery({
    queryKey: SCHOOL_CLASSROOMS_KEY(schoolId),
    queryFn: () => fetchSchoolClassrooms(schoolId),
    staleTime: 5 * 60_000,
  });
}

// --- Writes: each one refreshes every timetable query on success -------------------------

function useTimetableMutation<TVariables, TData = unknown>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation<TData, ApiError, TVariables>({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TIMETABLE_QUERY_KEY }),
  });
}

export function useCreateSlot(classroomId: number) {
  return useTimetableMutation((body: SlotCreate) => createSlot(classroomId, body));
}

export function useUpdateSlot() {
  return useTimetableMutation(({ slotId, body }: { slotId: number; body: SlotUpdate }) => updateSlot(slotId, body));
}

export function useDeleteSlot() {
  return useTimetableMutation((slotId: number) => deleteSlot(slotId));
}

export function useCreateException(classroomId: number) {
  return useTimetableMutation((body: ExceptionCreate) => createException(classroomId, body));
}

export function useDeleteException() {
  return useTimetableMutation((exceptionId: number) => deleteException(exceptionId));
}

export function useCreateClosure(schoolId: number) {
  return useTimetableMutation((body: ClosureCreate) => createClosure(schoolId, body));
}

export function useDeleteClosure() {
  return useTimetableMutation((closureId: number) => deleteClosure(closureId));
}

export function useCreateSchoolEvent(schoolId: number) {
  return useTimetableMutation((body: AgendaEventCreate) => createSchoolEvent(schoolId, body));
}

export function useDeleteSchoolEvent() {
  return useTimetableMutation((eventId: number) => deleteSchoolEvent(eventId));
}

/** The created feed carries its secret URL: the page shows it once, then forgets it. */
export function useCreateFeed() {
  return useTimetableMutation<string, CalendarFeedCreated>((label) => createFeed(label));
}

export function useRevokeFeed() {
  return useTimetableMutation((feedId: number) => revokeFeed(feedId));
}
