import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import {
  createPickupPerson,
  deletePickupPerson,
  fetchPupilRecord,
  type GuardianContactUpdate,
  type PickupPersonCreate,
  type PickupPersonUpdate,
  updateGuardianContact,
  updatePickupPerson,
} from './api';

export const PUPIL_RECORD_QUERY_KEY = ['pupilRecord'] as const;

export function usePupilRecord(pupilId: number) {
  return useQuery({
    queryKey: [...PUPIL_RECORD_QUERY_KEY, pupilId],
    queryFn: () => fetchPupilRecord(pupilId),
    enabled: Number.isInteger(pupilId) && pupilId > 0,
  });
}

function useRecordMutation<TVariables, TData = unknown>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation<TData, ApiError, TVariables>({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: PUPIL_RECORD_QUERY_KEY }),
  });
}

export function useCreatePickupPerson(pupilId: number) {
  return useRecordMutation(({ body, idempotencyKey }: { body: PickupPersonCreate; idempotencyKey: string }) =>
    createPickupPerson(pupilId, body, idempotencyKey),
  );
}

export function useUpdatePickupPerson() {
  return useRecordMutation(({ id, body }: { id: number; body: PickupPersonUpdate }) => updatePickupPerson(id, body));
}

export function useDeletePickupPerson() {
  return useRecordMutation((id: number) => deletePickupPerson(id));
}

export function useUpdateGuardianContact() {
  return useRecordMutation(({ id, body }: { id: number; body: GuardianContactUpdate }) =>
    updateGuardianContact(id, body),
  );
}
