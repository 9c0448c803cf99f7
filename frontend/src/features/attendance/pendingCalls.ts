import { promisifyRequest } from 'idb-keyval';

import type { HalfDay, RollCallMark } from '../../api/types';
import { changeListeners, deviceStore } from '../../shared/deviceStore';

/**
 * Roll calls taken without network, kept on the device (IndexedDB) until they are sent
 * (./pendingCallsSender.ts). Each belongs to the user who took it: on a tablet shared by
 * two teachers, a call is only ever read, shown and sent under its own user's session.
 *
 * They stay at sign-out (a call not yet sent must not be lost): they hold pupil ids and
 * marks, never names — the page takes the names from the class list.
 */
export interface PendingCall {
  userId: number;
  classroomId: number;
  classroomName: string;
  date: string;
  halfDay: HalfDay;
  /** The body's `absences`, exactly as sent. */
  absences: RollCallMark[];
  /** Sent with every attempt: a resend (a lost answer) is the same call, never a second one. */
  idempotencyKey: string;
  /** When the teacher validated it (ISO date-time). */
  takenAt: string;
  /**
   * `pending`: waiting for the network. `conflict`: the server already holds another call
   * for that half-day (409); the teacher chooses. `refused`: another 4xx (its message kept).
   */
  state: 'pending' | 'conflict' | 'refused';
  /** The server's message of a conflict or a refusal. */
  message: string | null;
}

const DATABASE = 'preau-pending-calls';
const STORE = 'calls';

/** The user first: one user's calls are one key range. */
type CallKey = [userId: number, classroomId: number, date: string, halfDay: HalfDay];

function keyOf(call: Pick<PendingCall, 'userId' | 'classroomId' | 'date' | 'halfDay'>): CallKey {
  return [call.userId, call.classroomId, call.date, call.halfDay];
}

const store = deviceStore(DATABASE, STORE);

// --- Changes: the pages re-read when a call is kept, sent, marked or dropped ------------------

const changes = changeListeners();

export const subscribePendingCalls = changes.subscribe;

function changed(): void {
  changes.notify();
}

// --- Reads --------------------------------------------------------------------------------

/** The user's calls, oldest first; none when the device has no IndexedDB (private mode…). */
export async function pendingCallsOf(userId: number): Promise<PendingCall[]> {
  let calls: PendingCall[];
  try {
    // [userId] sorts before every [userId, …] key and [userId, []] after them (an array
    // sorts after numbers and strings).
    const range = IDBKeyRange.bound([userId], [userId, []]);
    calls = await store()('readonly', (s) => promisifyRequest(s.getAll(range) as IDBRequest<PendingCall[]>));
  } catch {
    return [];
  }
  return calls.filter((call) => call.userId === userId).sort((a, b) => a.takenAt.localeCompare(b.takenAt));
}

export async function pendingCallFor(
  userId: number,
  classroomId: number,
  date: string,
  halfDay: HalfDay,
): Promise<PendingCall | null> {
  try {
    const call = await store()('readonly', (s) =>
      promisifyRequest(s.get(keyOf({ userId, classroomId, date, halfDay })) as IDBRequest<PendingCall | undefined>),
    );
    return call ?? null;
  } catch {
    return null;
  }
}

// --- Writes -------------------------------------------------------------------------------

/** Keeps the call (replacing the one of the same half-day). Throws when the device cannot. */
export async function keepPendingCall(call: PendingCall): Promise<void> {
  await store()('readwrite', (s) => {
    s.put(call, keyOf(call));
    return promisifyRequest(s.transaction);
  });
  changed();
}

/**
 * Applies `change` to the kept call only if it is still the one given (same Idempotency-Key):
 * a call the teacher replaced meanwhile is left as it is. `null` drops it.
 */
async function replaceIfUnchanged(call: PendingCall, change: PendingCall | null): Promise<void> {
  await store()('readwrite', (s) => {
    const key = keyOf(call);
    const request = s.get(key) as IDBRequest<PendingCall | undefined>;
    request.onsuccess = () => {
      if (request.result?.idempotencyKey !== call.idempotencyKey) return;
      if (change === null) s.delete(key);
      else s.put(change, key);
    };
    return promisifyRequest(s.transaction);
  });
  changed();
}

/** Sent, or given up by the teacher. */
export function forgetPendingCall(call: PendingCall): Promise<void> {
  return replaceIfUnchanged(call, null);
}

export function markPendingCall(call: PendingCall, state: PendingCall['state'], message: string | null): Promise<void> {
  return replaceIfUnchanged(call, { ...call, state, message });
}
