import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import type {
  ChildHomework,
  Homework,
  HomeworkAttachment,
  HomeworkCreate,
  HomeworkDoneResult,
  HomeworkUpdate,
  Lesson,
  LessonCreate,
  SchoolHomeworkSettings,
} from '../../api/types';
import {
  createHomework,
  createLesson,
  fetchChildrenHomework,
  fetchClassroom,
  fetchClassroomDoneLists,
  fetchClassroomHomework,
  fetchClassroomPupils,
  fetchLessons,
  fetchSchoolHomeworkSettings,
  fetchWorkload,
  setHomeworkDone,
  updateHomework,
  updateSchoolHomeworkSettings,
  uploadAttachment,
  withdrawHomework,
  type AttachmentTarget,
} from './api';
import { classroomKeys, HOMEWORK_QUERY_KEY, homeworkKeys, schoolHomeworkSettingsKey } from './queryKeys';

// --- Reads -------------------------------------------------------------------------------

/** The homework of each child of the viewer due in [start, end], in one call. */
export function useChildrenHomework(start: string, end: string) {
  return useQuery({
    queryKey: homeworkKeys.children(start, end),
    queryFn: () => fetchChildrenHomework(start, end),
    placeholderData: (previous) => previous,
  });
}

export function useClassroomHomework(classroomId: number, start: string, end: string) {
  return useQuery({
    queryKey: homeworkKeys.classroom(classroomId, start, end),
    queryFn: () => fetchClassroomHomework(classroomId, start, end),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === classroomId ? previous : undefined,
  });
}

/** "Fait par N / M" of each homework of the classroom due in [start, end], in one call. */
export function useClassroomDoneLists(classroomId: number, start: string, end: string) {
  return useQuery({
    queryKey: homeworkKeys.done(classroomId, start, end),
    queryFn: () => fetchClassroomDoneLists(classroomId, start, end),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === classroomId ? previous : undefined,
  });
}

export function useLessons(classroomId: number, start: string, end: string) {
  return useQuery({
    queryKey: homeworkKeys.lessons(classroomId, start, end),
    queryFn: () => fetchLessons(classroomId, start, end),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === classroomId ? previous : undefined,
  });
}

export function useWorkload(classroomId: number, start: string, end: string) {
  return useQuery({
    queryKey: homeworkKeys.workload(classroomId, start, end),
    queryFn: () => fetchWorkload(classroomId, start, end),
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[2] === classroomId ? previous : undefined,
  });
}

export function useClassroom(classroomId: number) {
  return useQuery({
    queryKey: classroomKeys.detail(classroomId),
    queryFn: () => fetchClassroom(classroomId),
    staleTime: 5 * 60_000,
  });
}

export function useClassroomPupils(classroomId: number, enabled = true) {
  return useQuery({
    queryKey: classroomKeys.pupils(classroomId),
    queryFn: () => fetchClassroomPupils(classroomId),
    staleTime: 5 * 60_000,
    enabled,
  });
}

// --- Writes ------------------------------------------------------------------------------

export interface DoneChange {
  homeworkId: number;
  pupilId: number;
  done: boolean;
}

function withDone(data: ChildHomework[] | undefined, change: DoneChange, done: boolean) {
  return data?.map((child) =>
    child.pupil.id !== change.pupilId
      ? child
      : {
          ...child,
          items: child.items.map((item) => (item.homework.id === change.homeworkId ? { ...item, done } : item)),
        },
  );
}

/**
 * Ticks or unticks a homework for a pupil on the families' page: the box changes at once,
 * and goes back if the server refuses.
 */
export function useSetDone(start: string, end: string) {
  const queryClient = useQueryClient();
  const key = homeworkKeys.children(start, end);
  return useMutation<HomeworkDoneResult, ApiError, DoneChange>({
    mutationFn: ({ homeworkId, pupilId, done }) => setHomeworkDone(homeworkId, pupilId, done),
    onMutate: async (change) => {
      // A refetch in flight (a live event) must not overwrite the optimistic tick.
      await queryClient.cancelQueries({ queryKey: key });
      queryClient.setQueryData<ChildHomework[]>(key, (data) => withDone(data, change, change.done));
    },
    onError: (_error, change) => {
      // Only this box goes back: another tick made meanwhile keeps its own state.
      queryClient.setQueryData<ChildHomework[]>(key, (data) => withDone(data, change, !change.done));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: HOMEWORK_QUERY_KEY }),
  });
}

function useHomeworkMutation<TVariables, TData = unknown>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation<TData, ApiError, TVariables>({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: HOMEWORK_QUERY_KEY }),
  });
}

export function useCreateLesson(classroomId: number) {
  return useHomeworkMutation<LessonCreate, Lesson>((body) => createLesson(classroomId, body));
}

export function useCreateHomework(classroomId: number) {
  return useHomeworkMutation<HomeworkCreate, Homework>((body) => createHomework(classroomId, body));
}

export function useUpdateHomework() {
  return useHomeworkMutation<{ homeworkId: number; body: HomeworkUpdate }, Homework>(({ homeworkId, body }) =>
    updateHomework(homeworkId, body),
  );
}

export function useWithdrawHomework() {
  return useHomeworkMutation<number, Homework>((homeworkId) => withdrawHomework(homeworkId));
}

export function useUploadAttachment(target: AttachmentTarget) {
  return useHomeworkMutation<File, HomeworkAttachment>((file) => uploadAttachment(target, file));
}

/** Whether the school shows the cahier de textes to families; the director changes it. */
export function useSchoolHomeworkSettings(schoolId: number) {
  return useQuery({
    queryKey: schoolHomeworkSettingsKey(schoolId),
    queryFn: () => fetchSchoolHomeworkSettings(schoolId),
  });
}

export function useUpdateSchoolHomeworkSettings(schoolId: number) {
  const queryClient = useQueryClient();
  return useMutation<SchoolHomeworkSettings, ApiError, boolean>({
    mutationFn: (familiesSeeLessons) => updateSchoolHomeworkSettings(schoolId, familiesSeeLessons),
    onSuccess: (settings) => {
      queryClient.setQueryData(schoolHomeworkSettingsKey(schoolId), settings);
      return queryClient.invalidateQueries({ queryKey: HOMEWORK_QUERY_KEY });
    },
  });
}
