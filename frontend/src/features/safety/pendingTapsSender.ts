import type { QueryClient } from '@tanstack/react-query';

import { ensureCsrfToken } from '../../api/csrf';
import { isApiError, networkError } from '../../api/errors';
import { SESSION_EXPIRED_CODE } from '../../shared/sessionExpiry';
import { sendMarks } from './api';
import { batchRefused, batchSent, pendingTapsOf, takeBatch, type PendingTaps } from './pendingTaps';
import { safetyKeys } from './queryKeys';

/**
 * Sends the taps kept on the device (./pendingTaps.ts), batch by batch, each batch with its
 * own Idempotency-Key: a batch whose answer was lost is sent again with the same key, and
 * the server answers it without writing it twice.
 *
 * Called after each tap, when the app opens, when the network comes back (`online`, the
 * live socket reconnecting) and every few seconds while taps wait: these may overlap, so
 * one pass at a time in this page and, where the browser has Web Locks, one across tabs.
 * Whether the network is there is learnt by trying: `navigator.onLine` says "online" on a
 * phone behind a dead Wi-Fi, and a fetch that throws means "not now".
 */

const LOCK = 'preau-muster-taps';
/** The API's 403 when the CSRF token is missing or stale (preau.common.views). */
const CSRF_FAILED_CODE = 'csrf_failed';

/**
 * A request the network swallows (a schoolyard's Wi-Fi, half there) is given up after this
 * long, as if offline: the batch stays and is sent again with its key — should the first one
 * land after all, the server answers the second with the first's answer.
 */
export const SEND_TIMEOUT_MS = 20_000;

function withTimeout<T>(request: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(networkError(new Error('No answer in time'))), SEND_TIMEOUT_MS);
  });
  return Promise.race([request, timeout]).finally(() => clearTimeout(timer));
}

function withDeviceLock(task: () => Promise<void>): Promise<void> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? locks.request(LOCK, () => task()).then(() => undefined) : task();
}

let running: Promise<void> | null = null;
let again: { userId: number; queryClient: QueryClient } | null = null;

/** Sends the user's waiting taps; a call while a pass runs asks for one more pass after it. */
export function sendPendingTaps(userId: number, queryClient: QueryClient): Promise<void> {
  if (running) {
    again = { userId, queryClient };
    return running;
  }
  running = (async () => {
    let next: { userId: number; queryClient: QueryClient } | null = { userId, queryClient };
    try {
      while (next) {
        const pass = next;
        again = null;
        await withDeviceLock(() => sendAll(pass.userId, pass.queryClient));
        next = again;
      }
    } finally {
      running = null;
      again = null;
    }
  })();
  return running;
}

async function sendAll(userId: number, queryClient: QueryClient): Promise<void> {
  // Read inside the lock: another tab may have sent some meanwhile.
  for (const record of await pendingTapsOf(userId)) {
    if (!(await sendMuster(record, queryClient))) return;
  }
}

/** The muster's batches until none waits; false when the server cannot be reached. */
async function sendMuster({ userId, musterId }: PendingTaps, queryClient: QueryClient): Promise<boolean> {
  for (;;) {
    let batch;
    try {
      batch = await takeBatch(userId, musterId);
    } catch {
      return false; // the device's storage failed: nothing to send from it
    }
    if (batch === null) return true;
    try {
      const detail = await withTimeout(sendMarks(musterId, batch.marks, batch.idempotencyKey));
      // The list as the server now has it, before the kept taps go: no flicker between.
      queryClient.setQueryData(safetyKeys.muster(musterId), detail);
      await batchSent(userId, musterId, batch.idempotencyKey);
    } catch (error) {
      // No answer (network), the server down or busy, the session over: kept as it is, for
      // the next attempt, with the same key.
      if (!isApiError(error) || error.isNetworkError || error.status >= 500 || error.status === 429) return false;
      if (error.isUnauthenticated || error.code === SESSION_EXPIRED_CODE) return false;
      if (error.code === CSRF_FAILED_CODE) {
        // A rotated CSRF cookie says nothing of the taps: a fresh token, and the next attempt.
        void ensureCsrfToken(true).catch(() => undefined);
        return false;
      }
      const message = error.hasServerMessage ? error.message : null;
      await batchRefused(userId, musterId, batch.idempotencyKey, refusedMarks(error.fields), message);
      void queryClient.invalidateQueries({ queryKey: safetyKeys.muster(musterId) });
    }
  }
}

/** The marks a 400 names (`marks.2.at` → 2); 'all' when it names none. */
export function refusedMarks(fields: Readonly<Record<string, unknown>>): number[] | 'all' {
  const indexes = Object.keys(fields)
    .map((name) => /^marks\.(\d+)\./.exec(name)?.[1])
    .filter((index): index is string => index !== undefined)
    .map(Number);
  return indexes.length > 0 ? indexes : 'all';
}
