import type { QueryClient } from '@tanstack/react-query';

import { isApiError } from '../../api/errors';
import type { RollCall } from '../../api/types';
import { SESSION_EXPIRED_CODE } from '../../shared/sessionExpiry';
import { TODAY_QUERY_KEY } from '../today/queryKeys';
import { submitRollCall } from './api';
import { forgetPendingCall, markPendingCall, pendingCallsOf, type PendingCall } from './pendingCalls';
import { ATTENDANCE_QUERY_KEY } from './queryKeys';

/**
 * Sends the calls kept without network (./pendingCalls.ts), one at a time, each with its own
 * Idempotency-Key: the server answers a resend with the first answer, and a call already
 * taken with the same marks with 200 — never a second call. A call taken elsewhere meanwhile
 * with other marks answers 409: the call is marked `conflict` for the teacher to choose
 * (RollCallPage); it is not sent again on its own.
 *
 * Called when the app starts, when the network comes back, while a call waits (every 30 s,
 * ./PendingCallsSync.tsx) and when the roll call page opens; these may overlap (the `online`
 * event and a page opening at once): one pass at a time in this page, and, where the browser
 * has Web Locks, one across the app's open tabs.
 */

type SentListener = (call: PendingCall, rollCall: RollCall) => void;
const sentListeners = new Set<SentListener>();

/** Told of each call sent (the roll call page says « Appel envoyé »). */
export function subscribeSentCalls(listener: SentListener): () => void {
  sentListeners.add(listener);
  return () => sentListeners.delete(listener);
}

const LOCK = 'preau-pending-calls';

function withDeviceLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return task();
  // The lock is held until the callback's promise settles, that is until the task has.
  return new Promise<T>((resolve, reject) => {
    locks.request(LOCK, () => task().then(resolve, reject)).catch(reject);
  });
}

let running: Promise<boolean> | null = null;
let again: { userId: number; queryClient: QueryClient } | null = null;

/**
 * Sends the user's pending calls; a call while a pass runs asks for one more pass after it.
 * Resolves to whether a call still waits for the network (or for the server to answer).
 */
export function sendPendingCalls(userId: number, queryClient: QueryClient): Promise<boolean> {
  if (running) {
    again = { userId, queryClient };
    return running;
  }
  running = (async () => {
    let next: { userId: number; queryClient: QueryClient } | null = { userId, queryClient };
    let waiting = false;
    try {
      while (next) {
        const pass = next;
        again = null;
        waiting = await withDeviceLock(() => sendAll(pass.userId, pass.queryClient));
        next = again;
      }
    } finally {
      running = null;
      again = null;
    }
    return waiting;
  })();
  return running;
}

/** Whether a call still waits (the pass stopped: no network, or no answer from the server). */
async function sendAll(userId: number, queryClient: QueryClient): Promise<boolean> {
  // Read inside the lock: another tab may have sent some meanwhile.
  const calls = (await pendingCallsOf(userId)).filter((call) => call.state !== 'conflict');
  for (const call of calls) {
    if (!(await sendOne(call, queryClient))) return true;
  }
  return false;
}

/** Whether to go on with the next call (false: offline, or the server is not answering). */
async function sendOne(call: PendingCall, queryClient: QueryClient): Promise<boolean> {
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ATTENDANCE_QUERY_KEY }),
      queryClient.invalidateQueries({ queryKey: TODAY_QUERY_KEY }),
    ]);
  let rollCall: RollCall;
  try {
    rollCall = await submitRollCall(call.classroomId, {
      date: call.date,
      half_day: call.halfDay,
      absences: call.absences,
      idempotencyKey: call.idempotencyKey,
    });
  } catch (error) {
    // No answer (network), the server down or busy, the session over: kept as it is, for
    // the next time the network comes back, the app starts or the page opens.
    if (!isApiError(error) || error.isNetworkError || error.status >= 500 || error.status === 429) return false;
    if (error.isUnauthenticated || error.code === SESSION_EXPIRED_CODE) return false;
    // The sheet first, then the state: the page shows the call the server holds (the 409
    // does not carry it) as soon as it shows the conflict.
    await refresh();
    const message = error.hasServerMessage ? error.message : null;
    await markPendingCall(call, error.status === 409 ? 'conflict' : 'refused', message);
    return true;
  }
  // The sheet shows the call taken before the kept one goes: the page never flashes an
  // empty sheet in between.
  await refresh();
  await forgetPendingCall(call);
  for (const listener of sentListeners) listener(call, rollCall);
  return true;
}
