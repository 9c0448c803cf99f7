import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import type { ApiError } from '../../api/errors';
import type { MusterDetail, MusterStart, School } from '../../api/types';
import { useCurrentUser } from '../../shared/currentUser';
import { useRealtimeEvent } from '../../shared/RealtimeProvider';
import { RECONNECTED_EVENT } from '../../shared/realtime';
import {
  assignClass,
  endMuster,
  fetchCurrentMuster,
  fetchExercises,
  fetchMuster,
  fetchSchoolRegister,
  fetchSchoolStaff,
  startMuster,
} from './api';
import { keepTap, pendingTapsFor, subscribePendingTaps, withTap, type MusterTap, type PendingTaps } from './pendingTaps';
import { sendPendingTaps } from './pendingTapsSender';
import { SAFETY_QUERY_KEY, safetyKeys } from './queryKeys';

/** While taps wait, another try this often: a phone's `online` event does not always come. */
export const RETRY_EVERY_MS = 10_000;

/** The schools where the user is staff (teacher or director): where a muster concerns them. */
export function useStaffSchools(): School[] {
  const me = useCurrentUser();
  const staff = me.schools.filter((school) => school.role === 'teacher' || school.role === 'director');
  // One line per school (a director who also teaches has two).
  return staff.filter((school, index) => staff.findIndex((other) => other.id === school.id) === index);
}

// --- Reads -------------------------------------------------------------------------------

export function useSchoolRegister(schoolId: number | undefined) {
  return useQuery({
    queryKey: safetyKeys.register(schoolId ?? 0),
    queryFn: () => fetchSchoolRegister(schoolId ?? 0),
    enabled: schoolId !== undefined,
  });
}

/** The muster under way in each of the user's schools (the banner of every staff page). */
export function useCurrentMusters(schoolIds: readonly number[]) {
  return useQueries({
    queries: schoolIds.map((schoolId) => ({
      queryKey: safetyKeys.current(schoolId),
      queryFn: () => fetchCurrentMuster(schoolId),
      // The live events say when one starts or ends; a failure shows no banner, quietly.
      staleTime: 60_000,
      retry: false,
    })),
  });
}

export function useMuster(musterId: number) {
  return useQuery({
    queryKey: safetyKeys.muster(musterId),
    queryFn: () => fetchMuster(musterId),
    enabled: Number.isInteger(musterId) && musterId > 0,
  });
}

/** The school's staff, for the director's « Confier la classe à ». */
export function useSchoolStaff(schoolId: number, enabled: boolean) {
  return useQuery({
    queryKey: safetyKeys.staff(schoolId),
    queryFn: () => fetchSchoolStaff(schoolId),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useExercises() {
  return useQuery({ queryKey: safetyKeys.exercises(), queryFn: fetchExercises });
}

// --- Writes ------------------------------------------------------------------------------

/** A write that answers the muster's new list: it replaces the one shown at once. */
function useMusterWrite<TVariables>(mutationFn: (variables: TVariables) => Promise<MusterDetail>) {
  const queryClient = useQueryClient();
  return useMutation<MusterDetail, ApiError, TVariables>({
    mutationFn,
    onSuccess: (detail) => {
      queryClient.setQueryData(safetyKeys.muster(detail.id), detail);
      void queryClient.invalidateQueries({ queryKey: safetyKeys.register(detail.school_id) });
      void queryClient.invalidateQueries({ queryKey: safetyKeys.current(detail.school_id) });
    },
  });
}

export function useStartMuster(schoolId: number) {
  const queryClient = useQueryClient();
  return useMutation<MusterDetail, ApiError, MusterStart>({
    mutationFn: (body) => startMuster(schoolId, body),
    onSuccess: (detail) => queryClient.setQueryData(safetyKeys.muster(detail.id), detail),
    // Started, or refused because one is under way (409): the register shows which.
    onSettled: () => queryClient.invalidateQueries({ queryKey: SAFETY_QUERY_KEY }),
  });
}

export function useAssignClass(musterId: number) {
  return useMusterWrite((body: { classroom: number; responsible: number }) => assignClass(musterId, body));
}

export function useEndMuster(musterId: number) {
  return useMusterWrite((observations: string) => endMuster(musterId, observations));
}

// --- Taps kept on the device ---------------------------------------------------------------

/** The taps of this muster waiting on this device for this user (null: none). */
export function usePendingTaps(userId: number, musterId: number) {
  const queryClient = useQueryClient();
  useEffect(
    () => subscribePendingTaps(() => void queryClient.invalidateQueries({ queryKey: safetyKeys.pending() })),
    [queryClient],
  );
  return useQuery({
    queryKey: safetyKeys.pendingOf(userId, musterId),
    queryFn: () => pendingTapsFor(userId, musterId),
    // The device's own storage: read offline too, and no retry (a failure reads as none).
    networkMode: 'always',
    retry: false,
  });
}

/**
 * A tap: kept on the device with the time it was made, shown at once, then sent. Resolves
 * false when the device could not keep it (no IndexedDB): the page says so.
 */
export function useTap(userId: number, musterId: number) {
  const queryClient = useQueryClient();
  return async (pupil: number, found: boolean): Promise<boolean> => {
    const tap: MusterTap = { pupil, found, at: new Date().toISOString() };
    const key = safetyKeys.pendingOf(userId, musterId);
    // On screen before the device's storage answers: a tap must show under the finger. A
    // read of the storage under way would answer without it: cancelled first.
    await queryClient.cancelQueries({ queryKey: key });
    queryClient.setQueryData(key, (record: PendingTaps | null | undefined) =>
      withTap(record ?? null, userId, musterId, tap),
    );
    try {
      queryClient.setQueryData(key, await keepTap(userId, musterId, tap));
    } catch {
      void queryClient.invalidateQueries({ queryKey: key });
      return false;
    }
    void sendPendingTaps(userId, queryClient);
    return true;
  };
}

/**
 * Sends the user's waiting taps now, when the network comes back (the `online` event, the
 * live socket reconnecting) and every few seconds while some wait. In the signed-in layout:
 * whatever page is open, a phone that finds the network sends what it kept.
 */
export function usePendingTapsSync(userId: number, enabled: boolean) {
  const queryClient = useQueryClient();
  const send = () => {
    if (enabled) void sendPendingTaps(userId, queryClient);
  };
  useRealtimeEvent(RECONNECTED_EVENT, send);
  useEffect(() => {
    if (!enabled) return undefined;
    const sendNow = () => void sendPendingTaps(userId, queryClient);
    sendNow();
    window.addEventListener('online', sendNow);
    return () => window.removeEventListener('online', sendNow);
  }, [userId, queryClient, enabled]);
}

/** Tries again every few seconds while `count` taps wait (the page that shows them). */
export function useRetryWhileWaiting(userId: number, count: number) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (count === 0) return undefined;
    const timer = window.setInterval(() => void sendPendingTaps(userId, queryClient), RETRY_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [userId, count, queryClient]);
}
