import { describe, expect, it } from 'vitest';

import {
  batchRefused,
  batchSent,
  keepTap,
  pendingTapsFor,
  pendingTapsOf,
  takeBatch,
  tappedState,
  waitingCount,
} from './pendingTaps';
import { refusedMarks } from './pendingTapsSender';

const USER = 2;
const MUSTER = 41;
const at = (minute: number) => `2026-12-01T09:${String(minute).padStart(2, '0')}:00Z`;

describe('taps kept on the device', () => {
  it('keeps the last tap of each pupil, and resends the same batch with the same key', async () => {
    await keepTap(USER, MUSTER, { pupil: 101, found: true, at: at(1) });
    await keepTap(USER, MUSTER, { pupil: 103, found: true, at: at(2) });
    await keepTap(USER, MUSTER, { pupil: 101, found: false, at: at(3) }); // undone
    const first = await takeBatch(USER, MUSTER);
    expect(first?.marks).toEqual([
      { pupil: 103, found: true, at: at(2) },
      { pupil: 101, found: false, at: at(3) },
    ]);

    // A tap made while the batch is on its way waits for the next one.
    await keepTap(USER, MUSTER, { pupil: 104, found: true, at: at(4) });
    expect(await takeBatch(USER, MUSTER)).toEqual(first); // the lost answer: same key, same marks
    const record = await pendingTapsFor(USER, MUSTER);
    expect(waitingCount(record)).toBe(3);
    expect(tappedState(record)).toEqual(new Map([[103, true], [101, false], [104, true]]));

    await batchSent(USER, MUSTER, first?.idempotencyKey ?? '');
    const second = await takeBatch(USER, MUSTER);
    expect(second?.marks).toEqual([{ pupil: 104, found: true, at: at(4) }]);
    expect(second?.idempotencyKey).not.toBe(first?.idempotencyKey);
    await batchSent(USER, MUSTER, second?.idempotencyKey ?? '');
    expect(await pendingTapsOf(USER)).toEqual([]); // nothing left: the record goes
  });

  it('drops the marks a refusal names and makes a new batch of the others', async () => {
    await keepTap(USER, MUSTER, { pupil: 101, found: true, at: at(1) });
    await keepTap(USER, MUSTER, { pupil: 103, found: true, at: at(2) });
    const batch = await takeBatch(USER, MUSTER);
    const refused = refusedMarks({ 'marks.1.at': ['Hors exercice'] });
    await batchRefused(USER, MUSTER, batch?.idempotencyKey ?? '', refused, 'Hors exercice');

    const record = await pendingTapsFor(USER, MUSTER);
    expect(record?.batch?.marks).toEqual([{ pupil: 101, found: true, at: at(1) }]);
    expect(record?.batch?.idempotencyKey).not.toBe(batch?.idempotencyKey);
    expect(record?.refused).toEqual({ count: 1, message: 'Hors exercice' });
    // A refusal naming no mark drops them all.
    expect(refusedMarks({ muster: ['Introuvable'] })).toBe('all');
  });

  it('keeps each user’s taps apart on a shared phone', async () => {
    await keepTap(USER, MUSTER, { pupil: 101, found: true, at: at(1) });
    await keepTap(USER + 1, MUSTER, { pupil: 103, found: true, at: at(2) });
    expect((await pendingTapsOf(USER)).map((record) => record.userId)).toEqual([USER]);
    expect(await takeBatch(USER + 10, MUSTER)).toBeNull();
  });
});
