import { promisifyRequest } from 'idb-keyval';

import { changeListeners, deviceStore } from '../../shared/deviceStore';
import { newIdempotencyKey } from '../../shared/idempotencyKey';

/**
 * The taps of a muster made on this phone, kept on the device (IndexedDB) until the server
 * has them (./pendingTapsSender.ts). In an evacuation the network of a schoolyard comes and
 * goes: a tap is kept the moment it is made, with the time it was made (`at`: the server
 * keeps the earliest "found", whenever it arrives), and sent in batches.
 *
 * One record per user and muster: on a phone shared by two adults, a tap is only ever
 * shown and sent under its own user's session. Records hold pupil ids and times, never
 * names. A database of its own: the offline roll call (features/attendance/pendingCalls.ts)
 * keeps its calls elsewhere.
 */
export interface MusterTap {
  pupil: number;
  /** true: found; false: the tap undone. */
  found: boolean;
  /** When the phone recorded it (ISO date-time). */
  at: string;
}

/** Taps sent together: a retry of the same batch is sent with the same key, never a new one. */
export interface TapBatch {
  idempotencyKey: string;
  marks: MusterTap[];
}

export interface PendingTaps {
  userId: number;
  musterId: number;
  /** Taps not yet in a batch: the last one of each pupil. */
  waiting: MusterTap[];
  /** The batch on its way (or that the network lost): sent again as it is. */
  batch: TapBatch | null;
  /** Taps the server refused (a time outside the muster…): said until dismissed. */
  refused: { count: number; message: string | null } | null;
}

const DATABASE = 'preau-muster-taps';
const STORE = 'taps';

type TapsKey = [userId: number, musterId: number];

const store = deviceStore(DATABASE, STORE);

// --- Changes: the muster page re-reads when taps are kept, sent or refused ----------------

const changes = changeListeners();

export const subscribePendingTaps = changes.subscribe;

function changed(): void {
  changes.notify();
}

// --- What a record says ---------------------------------------------------------------------

/** How many taps wait to be sent (the batch on its way included). */
export function waitingCount(record: PendingTaps | null | undefined): number {
  return record ? record.waiting.length + (record.batch?.marks.length ?? 0) : 0;
}

/** Each tapped pupil as this phone shows them: the latest tap wins (the batch came first). */
export function tappedState(record: PendingTaps | null | undefined): Map<number, boolean> {
  const state = new Map<number, boolean>();
  for (const tap of [...(record?.batch?.marks ?? []), ...(record?.waiting ?? [])]) state.set(tap.pupil, tap.found);
  return state;
}

function isEmpty(record: PendingTaps): boolean {
  return record.waiting.length === 0 && record.batch === null && record.refused === null;
}

function emptyRecord(userId: number, musterId: number): PendingTaps {
  return { userId, musterId, waiting: [], batch: null, refused: null };
}

// --- Reads --------------------------------------------------------------------------------

/** The user's records (every muster); none when the device has no IndexedDB. */
export async function pendingTapsOf(userId: number): Promise<PendingTaps[]> {
  try {
    // [userId] sorts before every [userId, musterId] key and [userId, []] after them.
    const range = IDBKeyRange.bound([userId], [userId, []]);
    const records = await store()('readonly', (s) => promisifyRequest(s.getAll(range) as IDBRequest<PendingTaps[]>));
    return records.filter((record) => record.userId === userId);
  } catch {
    return [];
  }
}

export async function pendingTapsFor(userId: number, musterId: number): Promise<PendingTaps | null> {
  try {
    const key: TapsKey = [userId, musterId];
    const record = await store()('readonly', (s) => promisifyRequest(s.get(key) as IDBRequest<PendingTaps | undefined>));
    return record ?? null;
  } catch {
    return null;
  }
}

// --- Writes -------------------------------------------------------------------------------

/**
 * Reads and writes the record in one transaction (two tabs of the same phone never lose a
 * tap to each other). `apply` gives the new record (null: delete) and what to return.
 */
async function change<R>(
  userId: number,
  musterId: number,
  apply: (record: PendingTaps) => { next: PendingTaps; result: R },
): Promise<R> {
  const key: TapsKey = [userId, musterId];
  let result: R | undefined;
  let touched = false;
  await store()('readwrite', (s) => {
    const request = s.get(key) as IDBRequest<PendingTaps | undefined>;
    request.onsuccess = () => {
      const before = request.result ?? emptyRecord(userId, musterId);
      const outcome = apply(before);
      result = outcome.result;
      if (outcome.next === before) return;
      touched = true;
      if (isEmpty(outcome.next)) s.delete(key);
      else s.put(outcome.next, key);
    };
    return promisifyRequest(s.transaction);
  });
  if (touched) changed();
  return result as R;
}

/** The record with one more tap: it replaces a waiting tap of the same pupil (the phone shows the last one). */
export function withTap(record: PendingTaps | null, userId: number, musterId: number, tap: MusterTap): PendingTaps {
  const before = record ?? emptyRecord(userId, musterId);
  return { ...before, waiting: [...before.waiting.filter((other) => other.pupil !== tap.pupil), tap] };
}

/** Keeps a tap on the device. Throws when the device cannot (no IndexedDB). */
export function keepTap(userId: number, musterId: number, tap: MusterTap): Promise<PendingTaps> {
  return change(userId, musterId, (record) => {
    const next = withTap(record, userId, musterId, tap);
    return { next, result: next };
  });
}

/**
 * The batch to send: the one already on its way if any (sent again with its key), else the
 * waiting taps made into a new batch with a new key. Null when nothing waits.
 */
export function takeBatch(userId: number, musterId: number): Promise<TapBatch | null> {
  return change(userId, musterId, (record) => {
    if (record.batch) return { next: record, result: record.batch };
    if (record.waiting.length === 0) return { next: record, result: null };
    const batch: TapBatch = { idempotencyKey: newIdempotencyKey(), marks: record.waiting };
    return { next: { ...record, waiting: [], batch }, result: batch };
  });
}

/** The server has the batch: it is done with (only that batch: a newer one stays). */
export function batchSent(userId: number, musterId: number, idempotencyKey: string): Promise<void> {
  return change(userId, musterId, (record) =>
    record.batch?.idempotencyKey === idempotencyKey
      ? { next: { ...record, batch: null }, result: undefined }
      : { next: record, result: undefined },
  );
}

/**
 * The server refused the batch, and wrote none of it. The marks it named (`marks.N.…`) are
 * dropped and the others make a new batch with a new key (a key serves one body only);
 * without a named mark (the muster is gone, the user may no longer mark) all are dropped.
 */
export function batchRefused(
  userId: number,
  musterId: number,
  idempotencyKey: string,
  refusedIndexes: readonly number[] | 'all',
  message: string | null,
): Promise<void> {
  return change(userId, musterId, (record) => {
    const batch = record.batch;
    if (batch?.idempotencyKey !== idempotencyKey) return { next: record, result: undefined };
    const kept = refusedIndexes === 'all' ? [] : batch.marks.filter((_, index) => !refusedIndexes.includes(index));
    const count = batch.marks.length - kept.length + (record.refused?.count ?? 0);
    return {
      next: {
        ...record,
        batch: kept.length > 0 ? { idempotencyKey: newIdempotencyKey(), marks: kept } : null,
        refused: { count, message },
      },
      result: undefined,
    };
  });
}

export function dismissRefusal(userId: number, musterId: number): Promise<void> {
  return change(userId, musterId, (record) =>
    record.refused ? { next: { ...record, refused: null }, result: undefined } : { next: record, result: undefined },
  );
}
