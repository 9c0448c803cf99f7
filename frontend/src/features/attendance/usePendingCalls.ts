import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

import type { HalfDay } from '../../api/types';
import { pendingCallFor, subscribePendingCalls, type PendingCall } from './pendingCalls';
import { sendPendingCalls, subscribeSentCalls } from './pendingCallsSender';
import { attendanceKeys } from './queryKeys';

/** The call of that half-day kept on this device for that user (null: none). */
export function usePendingCall(
  userId: number,
  classroomId: number,
  date: string | undefined,
  halfDay: HalfDay | undefined,
) {
  const queryClient = useQueryClient();
  useEffect(
    () => subscribePendingCalls(() => void queryClient.invalidateQueries({ queryKey: attendanceKeys.pending() })),
    [queryClient],
  );
  return useQuery({
    queryKey: attendanceKeys.pendingCall(userId, classroomId, date, halfDay),
    queryFn: () => (date && halfDay ? pendingCallFor(userId, classroomId, date, halfDay) : Promise.resolve(null)),
    enabled: date !== undefined && halfDay !== undefined,
    // The device's own storage: read offline too, and no retry (a failure reads as none).
    networkMode: 'always',
    retry: false,
  });
}

/** Sends the user's pending calls when the page opens (the layout also does, ./PendingCallsSync.tsx). */
export function useSendPendingCalls(userId: number) {
  const queryClient = useQueryClient();
  useEffect(() => {
    void sendPendingCalls(userId, queryClient);
  }, [userId, queryClient]);
}

/** Calls `listener` for each call of this device sent to the server. */
export function useSentCalls(listener: (call: PendingCall) => void) {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribeSentCalls((call) => latest.current(call)), []);
}
