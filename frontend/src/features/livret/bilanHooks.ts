import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import type {
  BilanUpdate,
  ClassWorkflowResult,
  CycleBilan,
  CycleBilanUpdate,
  ClassParcours,
  OwnAcknowledgement,
  ParcoursCode,
  PeriodicBilan,
} from '../../api/types';
import {
  acknowledgeBilan,
  acknowledgeCycleBilan,
  bilanStep,
  classStep,
  cycleBilanStep,
  fetchChildBilans,
  fetchClassCycleBilans,
  fetchClassParcours,
  setClassParcours,
  fetchClassBilans,
  fetchLivretProgress,
  updateBilan,
  updateCycleBilan,
  type BilanStep,
  type ClassStep,
} from './bilanApi';
import { LIVRET_QUERY_KEY, livretKeys } from './queryKeys';

export function useClassBilans(classroomId: number, periodId: number | null, enabled = true) {
  return useQuery({
    queryKey: livretKeys.classBilans(classroomId, periodId),
    queryFn: () => fetchClassBilans(classroomId, periodId),
    enabled,
  });
}

export function useChildBilans(pupilId: number) {
  return useQuery({ queryKey: livretKeys.childBilans(pupilId), queryFn: () => fetchChildBilans(pupilId) });
}

export function useLivretProgress(index: number) {
  return useQuery({
    queryKey: livretKeys.progress(index),
    queryFn: () => fetchLivretProgress(index),
    placeholderData: (previous) => previous,
  });
}

/** The class's list keeps the bilan the server answered (no refetch of the whole class). */
function useReplaceInClass(classroomId: number, periodId: number | null) {
  const queryClient = useQueryClient();
  return (bilan: PeriodicBilan) =>
    queryClient.setQueryData<PeriodicBilan[]>(livretKeys.classBilans(classroomId, periodId), (list) =>
      list?.map((item) => (item.id === bilan.id ? bilan : item)),
    );
}

export function useUpdateBilan(classroomId: number, periodId: number | null) {
  const replace = useReplaceInClass(classroomId, periodId);
  return useMutation<PeriodicBilan, ApiError, { bilanId: number; body: BilanUpdate }>({
    mutationFn: ({ bilanId, body }) => updateBilan(bilanId, body),
    onSuccess: replace,
  });
}

export function useBilanStep(classroomId: number, periodId: number | null) {
  const replace = useReplaceInClass(classroomId, periodId);
  return useMutation<PeriodicBilan, ApiError, { bilanId: number; step: BilanStep }>({
    mutationFn: ({ bilanId, step }) => bilanStep(bilanId, step),
    onSuccess: replace,
  });
}

export function useClassStep(classroomId: number, periodId: number) {
  const queryClient = useQueryClient();
  return useMutation<ClassWorkflowResult, ApiError, ClassStep>({
    mutationFn: (step) => classStep(classroomId, periodId, step),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: livretKeys.classBilans(classroomId, periodId) }),
  });
}

export function useAcknowledgeBilan(kind: 'periodic' | 'cycle') {
  const queryClient = useQueryClient();
  return useMutation<OwnAcknowledgement, ApiError, { bilanId: number; comment: string }>({
    mutationFn: ({ bilanId, comment }) =>
      kind === 'periodic' ? acknowledgeBilan(bilanId, comment) : acknowledgeCycleBilan(bilanId, comment),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...LIVRET_QUERY_KEY, 'bilans', 'child'] }),
  });
}

export function useClassCycleBilans(classroomId: number) {
  return useQuery({ queryKey: livretKeys.classCycleBilans(classroomId), queryFn: () => fetchClassCycleBilans(classroomId) });
}

function useReplaceCycleBilan(classroomId: number) {
  const queryClient = useQueryClient();
  return (bilan: CycleBilan) =>
    queryClient.setQueryData<CycleBilan[]>(livretKeys.classCycleBilans(classroomId), (list) =>
      list?.map((item) => (item.id === bilan.id ? bilan : item)),
    );
}

export function useUpdateCycleBilan(classroomId: number) {
  const replace = useReplaceCycleBilan(classroomId);
  return useMutation<CycleBilan, ApiError, { bilanId: number; body: CycleBilanUpdate }>({
    mutationFn: ({ bilanId, body }) => updateCycleBilan(bilanId, body),
    onSuccess: replace,
  });
}

export function useCycleBilanStep(classroomId: number) {
  const replace = useReplaceCycleBilan(classroomId);
  return useMutation<CycleBilan, ApiError, { bilanId: number; step: BilanStep }>({
    mutationFn: ({ bilanId, step }) => cycleBilanStep(bilanId, step),
    onSuccess: replace,
  });
}

export function useClassParcours(classroomId: number, periodId: number) {
  return useQuery({ queryKey: livretKeys.parcours(classroomId, periodId), queryFn: () => fetchClassParcours(classroomId, periodId) });
}

export function useSetClassParcours(classroomId: number, periodId: number) {
  const queryClient = useQueryClient();
  return useMutation<ClassParcours[], ApiError, { code: ParcoursCode; project: string }[]>({
    mutationFn: (parcours) => setClassParcours(classroomId, periodId, parcours),
    onSuccess: (rows) => queryClient.setQueryData(livretKeys.parcours(classroomId, periodId), rows),
  });
}
