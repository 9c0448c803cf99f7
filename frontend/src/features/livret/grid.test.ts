import { describe, expect, it } from 'vitest';

import { makeGrid } from '../../test/livretFixtures';
import {
  afterEntry,
  cellErrors,
  cellKey,
  cellsOf,
  changedCount,
  cycleValue,
  cyclesOfLevels,
  gridPayload,
  moveCursor,
  textColourOn,
  valueForKey,
  type CellValue,
} from './grid';

describe('grid keyboard logic', () => {
  it('moves with the arrows and stays inside the grid', () => {
    const here = { row: 1, col: 1 };
    expect(moveCursor(here, 'ArrowUp', 3, 2)).toEqual({ row: 0, col: 1 });
    expect(moveCursor(here, 'ArrowDown', 3, 2)).toEqual({ row: 2, col: 1 });
    expect(moveCursor(here, 'ArrowLeft', 3, 2)).toEqual({ row: 1, col: 0 });
    expect(moveCursor(here, 'ArrowRight', 3, 2)).toEqual({ row: 1, col: 1 });
    expect(moveCursor({ row: 0, col: 0 }, 'ArrowUp', 3, 2)).toEqual({ row: 0, col: 0 });
    expect(moveCursor({ row: 2, col: 0 }, 'ArrowDown', 3, 2)).toEqual({ row: 2, col: 0 });
    expect(moveCursor(here, 'Home', 3, 2)).toEqual({ row: 1, col: 0 });
    expect(moveCursor({ row: 1, col: 0 }, 'End', 3, 2)).toEqual({ row: 1, col: 1 });
    expect(moveCursor(here, 'x', 3, 2)).toBeNull();
  });

  it('reads 1–4 as levels, A or 0 as absent, Delete and Backspace as empty, anything else as nothing', () => {
    expect(valueForKey('1')).toEqual({ level: 1, absent: false });
    expect(valueForKey('4')).toEqual({ level: 4, absent: false });
    expect(valueForKey('a')).toEqual({ level: null, absent: true });
    expect(valueForKey('A')).toEqual({ level: null, absent: true });
    expect(valueForKey('0')).toEqual({ level: null, absent: true });
    expect(valueForKey('Delete')).toBeNull();
    expect(valueForKey('Backspace')).toBeNull();
    expect(valueForKey('5')).toBeUndefined();
    expect(valueForKey('Enter')).toBeUndefined();
    expect(valueForKey('b')).toBeUndefined();
  });

  it('goes down the column after an entry, and stays on the last pupil', () => {
    expect(afterEntry({ row: 0, col: 1 }, 3)).toEqual({ row: 1, col: 1 });
    expect(afterEntry({ row: 2, col: 1 }, 3)).toEqual({ row: 2, col: 1 });
  });

  it('cycles a tapped cell empty → 1 → 2 → 3 → 4 → absent → empty', () => {
    const seen: CellValue[] = [];
    let value: CellValue = null;
    for (let i = 0; i < 6; i += 1) {
      value = cycleValue(value);
      seen.push(value);
    }
    expect(seen).toEqual([
      { level: 1, absent: false },
      { level: 2, absent: false },
      { level: 3, absent: false },
      { level: 4, absent: false },
      { level: null, absent: true },
      null,
    ]);
  });
});

describe('grid payload and errors', () => {
  it('sends every filled cell row by row, and names the cell of each item', () => {
    const cells = cellsOf(makeGrid());
    cells.set(cellKey(104, 301), { level: 4, absent: false });
    cells.set(cellKey(101, 302), { level: null, absent: true });
    const payload = gridPayload([101, 103, 104], [301, 302], cells);
    expect(payload.cells).toEqual([
      { pupil: 101, element: 302, level: null, absent: true },
      { pupil: 103, element: 302, level: 2, absent: false },
      { pupil: 104, element: 301, level: 4, absent: false },
    ]);
    expect(payload.keys).toEqual(['101:302', '103:302', '104:301']);
  });

  it('maps a 400 naming cells[i] back to the cell on screen', () => {
    const errors = cellErrors(
      { 'cells[2].pupil': ['Élève non inscrit·e.'], 'cells[0].level': ['Un·e élève absent·e n’a pas de niveau.'], title: ['x'] },
      ['101:302', '103:302', '104:301'],
    );
    expect([...errors]).toEqual([
      ['104:301', 'Élève non inscrit·e.'],
      ['101:302', 'Un·e élève absent·e n’a pas de niveau.'],
    ]);
  });

  it('counts the cells changed since the last save', () => {
    const saved = cellsOf(makeGrid());
    const current = new Map(saved);
    expect(changedCount(saved, current)).toBe(0);
    current.set(cellKey(101, 301), { level: 3, absent: false });
    current.delete(cellKey(103, 302));
    expect(changedCount(saved, current)).toBe(2);
  });

  it('writes black on light colours and white on dark ones', () => {
    expect(textColourOn('#f9a825')).toBe('#000000');
    expect(textColourOn('#1565c0')).toBe('#ffffff');
    expect(textColourOn('nonsense')).toBe('#000000');
  });

  it('finds the cycles of a class’s levels', () => {
    expect(cyclesOfLevels(['CE2'])).toEqual(['2']);
    expect(cyclesOfLevels(['CE2', 'CM1'])).toEqual(['2', '3']);
    expect(cyclesOfLevels(['CM2'])).toEqual(['3']);
  });
});
