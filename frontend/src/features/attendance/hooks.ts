import { type NetworkMode, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { isApiError, type ApiError } from '../../api/errors';
import type { CaseStatus, CaseUpdate, HalfDay, NoticeCreate, RollCall, RollCallReminder } from '../../api/types';
import {
  acceptJustification,
  cancelNotice,
  correctRollCall,
  declareNotice,
  fetchAbsences,
  fetchCallsNotTaken,
  fetchCases,
  fetchNotices,
  fetchPreferences,
  fetchRegister,
  fetchRollCallSheet,
  justifyAbsence,
  refuseJustification,
  savePreferences,
  sendRollCallReminder,
  signRegister,
  submitRollCall,
  updateCase,
  type AbsenceFilters,
  type Justification,
  type RollCallCorrection,
  type RollCallSubmission,
} from './api';
import { keepPendingCall, type PendingCall } from './pendingCalls';
import { ATTENDANCE_QUERY_KEY, attendanceKeys } from './queryKeys';

// --- Reads -------------------------------------------------------------------------------

export function useRollCallSheet(classroomId: number, date: string | undefined, halfDay: HalfDay | undefined) {
  return useQuery({
    queryKey: attendanceKeys.sheet(classroomId, date, halfDay),
    queryFn: () => fetchRollCallSheet(classroomId, date, halfDay),
    // A day without class answers 400: say so at once, do not retry.
    retry: false,
  });
}

export function useAbsences(filters: AbsenceFilters, enabled = true) {
  return useQuery({
    queryKey: attendanceKeys.absences(filters),
    queryFn: () => fetchAbsences(filters),
    enabled,
  });
}

export function useNotices(pupilId: number) {
  return useQuery({ queryKey: attendanceKeys.notices(pupilId), queryFn: () => fetchNotices(pupilId) });
}

export function useCallsNotTaken(schoolId: number, date?: string) {
  return useQuery({
    queryKey: attendanceKeys.notTaken(schoolId, date),
    queryFn: () => fetchCallsNotTaken(schoolId, date),
  });
}

export function useSendRollCallReminder() {
  return useMutation<RollCallReminder, ApiError, { classroomId: number; date: string; halfDay: HalfDay }>({
    mutationFn: ({ classroomId, date, halfDay }) => sendRollCallReminder(classroomId, { date, half_day: halfDay }),
  });
}

export function useRegister(classroomId: number | null, month: string | null) {
  return useQuery({
    queryKey: attendanceKeys.register(classroomId ?? 0, month ?? ''),
    queryFn: () => fetchRegister(classroomId ?? 0, month ?? ''),
    enabled: classroomId !== null && month !== null,
    retry: false,
  });
}

export function usePreferences() {
  return useQuery({ queryKey: attendanceKeys.preferences(), queryFn: fetchPreferences });
}

export function useCases(status?: CaseStatus) {
  return useQuery({ queryKey: attendanceKeys.cases(status), queryFn: () => fetchCases(status) });
}

// --- Writes ------------------------------------------------------------------------------

function useAttendanceMutation<TVariables, TData = unknown>(
  mutationFn: (variables: TVariables) => Promise<TData>,
  networkMode?: NetworkMode,
) {
  const queryClient = useQueryClient();
  return useMutation<TData, ApiError, TVariables>({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ATTENDANCE_QUERY_KEY }),
    networkMode,
  });
}

/** A call sent now, or kept on the device because the server could not be reached. */
export type TakeRollCallResult = { kind: 'sent'; rollCall: RollCall } | { kind: 'kept'; call: PendingCall };

/**
 * Takes the call; when the request does not even reach the server (no network: fetch
 * throws), the call is kept on the device with its Idempotency-Key, to be sent when the
 * network comes back (./pendingCallsSender.ts). Any answer of the server is the server's:
 * an error stays an error. Kept calls are the signed-in user's (`owner`).
 */
export function useTakeRollCall(classroomId: number, owner: { userId: number; classroomName: string }) {
  const take = async (submission: RollCallSubmission): Promise<TakeRollCallResult> => {
    try {
      return { kind: 'sent', rollCall: await submitRollCall(classroomId, submission) };
    } catch (error) {
      if (!isApiError(error) || !error.isNetworkError) throw error;
      const call: PendingCall = {
        userId: owner.userId,
        classroomId,
        classroomName: owner.classroomName,
        date: submission.date,
        halfDay: submission.half_day,
        absences: submission.absences,
        idempotencyKey: submission.idempotencyKey,
        takenAt: new Date().toISOString(),
        state: 'pending',
        message: null,
      };
      try {
        await keepPendingCall(call);
      } catch {
        throw error; // the device cannot keep it (no IndexedDB): say the network is down
      }
      return { kind: 'kept', call };
    }
  };
  // Run even when the browser says it is offline: React Query would hold the request until
  // the network returns (the button spinning); the request itself tells, and the call is kept.
  return useAttendanceMutation(take, 'always');
}

export function useCorrectRollCall() {
  return useAttendanceMutation((correction: RollCallCorrection) => correctRollCall(correction));
}

export function useJustifyAbsence() {
  return useAttendanceMutation((justification: Justification) => justifyAbsence(justification));
}

export function useAcceptJustification() {
  return useAttendanceMutation((absenceId: number) => acceptJustification(absenceId));
}

export function useRefuseJustification() {
  return useAttendanceMutation(({ absenceId, reason }: { absenceId: number; reason: string }) =>
    refuseJustification(absenceId, reason),
  );
}

export function useDeclareNotice(pupilId: number) {
  return useAttendanceMutation(({ body, idempotencyKey }: { body: NoticeCreate; idempotencyKey: string }) =>
    declareNotice(pupilId, body, idempotencyKey),
  );
}

export function useCancelNotice() {
  return useAttendanceMutation((noticeId: number) => cancelNotice(noticeId));
}

export function useSignRegister(classroomId: number) {
  return useAttendanceMutation((month: string) => signRegister(classroomId, month));
}

export function useSavePreferences() {
  return useAttendanceMutation((byEmail: boolean) => savePreferences({ notify_absence_by_email: byEmail }));
}

export function useUpdateCase() {
  return useAttendanceMutation(({ caseId, body }: { caseId: number; body: Partial<CaseUpdate> }) =>
    updateCase(caseId, body),
  );
}
