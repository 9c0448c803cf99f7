import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import type {
  Cycle,
  Evaluation,
  EvaluationCreate,
  GridCellInput,
  LevelScale,
  LevelScaleSet,
  LivretPeriods,
  PeriodsSet,
} from '../../api/types';
import {
  createEvaluation,
  fetchChildEvaluations,
  fetchClassroomEvaluations,
  fetchEvaluation,
  fetchGrid,
  fetchLevelScale,
  fetchPeriods,
  fetchProgramme,
  fetchSchoolClassrooms,
  publishEvaluation,
  saveGrid,
  setLevelScale,
  setPeriods,
  type GridWithVersion,
} from './api';
import { fetchClassroom } from '../homework/api';
import { classroomKeys } from '../homework/queryKeys';
import { LIVRET_QUERY_KEY, livretKeys } from './queryKeys';

// --- Reads -------------------------------------------------------------------------------

export function usePeriods(schoolId: number | undefined) {
  return useQuery({
    queryKey: livretKeys.periods(schoolId ?? 0),
    queryFn: () => fetchPeriods(schoolId ?? 0),
    enabled: schoolId !== undefined,
    staleTime: 5 * 60_000,
  });
}

export function useLevelScale(schoolId: number | undefined) {
  return useQuery({
    queryKey: livretKeys.scale(schoolId ?? 0),
    queryFn: () => fetchLevelScale(schoolId ?? 0),
    enabled: schoolId !== undefined,
    staleTime: 5 * 60_000,
  });
}

export function useProgramme(schoolId: number, cycle: Cycle | undefined) {
  return useQuery({
    queryKey: livretKeys.programme(schoolId, cycle ?? ''),
    queryFn: () => fetchProgramme(schoolId, cycle ?? '2'),
    enabled: cycle !== undefined,
    staleTime: 5 * 60_000,
  });
}

export function useClassroomEvaluations(classroomId: number, periodId: number | null, enabled = true) {
  return useQuery({
    queryKey: livretKeys.evaluations(classroomId, periodId),
    queryFn: () => fetchClassroomEvaluations(classroomId, periodId),
    enabled,
  });
}

/** The classroom's card once its id is known (the grid reads it from the evaluation). */
export function useClassroomOf(classroomId: number | undefined) {
  return useQuery({
    queryKey: classroomKeys.detail(classroomId ?? 0),
    queryFn: () => fetchClassroom(classroomId ?? 0),
    enabled: classroomId !== undefined,
    staleTime: 5 * 60_000,
  });
}

export function useEvaluation(evaluationId: number) {
  return useQuery({ queryKey: livretKeys.evaluation(evaluationId), queryFn: () => fetchEvaluation(evaluationId) });
}

/**
 * The grid is read once per page: a live refetch must not replace what the teacher is
 * typing (the save's answer replaces it).
 */
export function useGrid(evaluationId: number) {
  return useQuery({
    queryKey: livretKeys.grid(evaluationId),
    queryFn: () => fetchGrid(evaluationId),
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
}

export function useChildEvaluations(pupilId: number) {
  return useQuery({ queryKey: livretKeys.childEvaluations(pupilId), queryFn: () => fetchChildEvaluations(pupilId) });
}

export function useSchoolClassrooms(schoolId: number | undefined) {
  return useQuery({
    queryKey: livretKeys.schoolClassrooms(schoolId ?? 0),
    queryFn: () => fetchSchoolClassrooms(schoolId ?? 0),
    enabled: schoolId !== undefined,
    staleTime: 5 * 60_000,
  });
}

// --- Writes ------------------------------------------------------------------------------

export function useCreateEvaluation(classroomId: number) {
  const queryClient = useQueryClient();
  return useMutation<Evaluation, ApiError, EvaluationCreate>({
    mutationFn: (body) => createEvaluation(classroomId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...LIVRET_QUERY_KEY, 'evaluations', classroomId] }),
  });
}

export function usePublishEvaluation() {
  const queryClient = useQueryClient();
  return useMutation<Evaluation, ApiError, number>({
    mutationFn: publishEvaluation,
    onSuccess: (evaluation) => {
      queryClient.setQueryData(livretKeys.evaluation(evaluation.id), evaluation);
      void queryClient.invalidateQueries({ queryKey: [...LIVRET_QUERY_KEY, 'evaluations'] });
    },
  });
}

export function useSaveGrid(evaluationId: number) {
  const queryClient = useQueryClient();
  return useMutation<GridWithVersion, ApiError, { cells: GridCellInput[]; etag: string | null }>({
    mutationFn: ({ cells, etag }) => saveGrid(evaluationId, cells, etag),
    onSuccess: (saved) => {
      queryClient.setQueryData(livretKeys.grid(evaluationId), saved);
      void queryClient.invalidateQueries({ queryKey: livretKeys.evaluation(evaluationId) });
      void queryClient.invalidateQueries({ queryKey: [...LIVRET_QUERY_KEY, 'evaluations'] });
    },
  });
}

export function useSetPeriods(schoolId: number) {
  const queryClient = useQueryClient();
  return useMutation<LivretPeriods, ApiError, PeriodsSet>({
    mutationFn: (body) => setPeriods(schoolId, body),
    onSuccess: (periods) => queryClient.setQueryData(livretKeys.periods(schoolId), periods),
  });
}

export function useSetLevelScale(schoolId: number) {
  const queryClient = useQueryClient();
  return useMutation<LevelScale, ApiError, LevelScaleSet>({
    mutationFn: (body) => setLevelScale(schoolId, body),
    onSuccess: (scale) => queryClient.setQueryData(livretKeys.scale(schoolId), scale),
  });
}
