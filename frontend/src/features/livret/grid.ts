/**
 * The evaluation grid's logic, kept apart from React so that it is tested on its own:
 * pupils (rows) × elements (columns), each cell empty, a level 1–4 or "absent".
 */
import type { EvaluationGrid, GridCellInput } from '../../api/types';

export type CellValue = { level: number; absent: false } | { level: null; absent: true } | null;

export interface Cursor {
  row: number;
  col: number;
}

export const cellKey = (pupilId: number, elementId: number) => `${pupilId}:${elementId}`;

/** The cells of the grid as the server sent them, by `pupil:element`. */
export function cellsOf(grid: EvaluationGrid): Map<string, CellValue> {
  const cells = new Map<string, CellValue>();
  for (const cell of grid.cells) {
    if (cell.absent) cells.set(cellKey(cell.pupil, cell.element), { level: null, absent: true });
    else if (cell.level !== null) cells.set(cellKey(cell.pupil, cell.element), { level: cell.level, absent: false });
  }
  return cells;
}

/** Where an arrow key (or Home / End) takes the cursor; null for any other key. */
export function moveCursor(cursor: Cursor, key: string, rows: number, cols: number): Cursor | null {
  const clamp = (value: number, max: number) => Math.min(Math.max(value, 0), Math.max(max - 1, 0));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(cursor.row - 1, rows), col: cursor.col };
    case 'ArrowDown':
      return { row: clamp(cursor.row + 1, rows), col: cursor.col };
    case 'ArrowLeft':
      return { row: cursor.row, col: clamp(cursor.col - 1, cols) };
    case 'ArrowRight':
      return { row: cursor.row, col: clamp(cursor.col + 1, cols) };
    case 'Home':
      return { row: cursor.row, col: 0 };
    case 'End':
      return { row: cursor.row, col: clamp(cols - 1, cols) };
    default:
      return null;
  }
}

/**
 * What a key typed on a cell writes there: 1–4 a level, A or 0 absent, Delete or Backspace
 * empties it; `undefined` when the key does not edit a cell.
 */
export function valueForKey(key: string): CellValue | undefined {
  if (key >= '1' && key <= '4' && key.length === 1) return { level: Number(key), absent: false };
  if (key === 'a' || key === 'A' || key === '0') return { level: null, absent: true };
  if (key === 'Delete' || key === 'Backspace') return null;
  return undefined;
}

/**
 * After a value is typed the cursor moves on to the next pupil in the same column (a
 * teacher enters one element for the whole class), staying on the last row.
 */
export function afterEntry(cursor: Cursor, rows: number): Cursor {
  return { row: Math.min(cursor.row + 1, rows - 1), col: cursor.col };
}

/** One tap on a tablet: empty → 1 → 2 → 3 → 4 → absent → empty. */
export function cycleValue(value: CellValue): CellValue {
  if (value === null) return { level: 1, absent: false };
  if (value.absent) return null;
  if (value.level < 4) return { level: value.level + 1, absent: false };
  return { level: null, absent: true };
}

/**
 * The request body: every filled cell, row by row; `keys[i]` is the cell of `cells[i]`, so
 * that a 400 naming `cells[i].level` points at its cell on screen.
 */
export function gridPayload(
  pupilIds: readonly number[],
  elementIds: readonly number[],
  cells: ReadonlyMap<string, CellValue>,
): { cells: GridCellInput[]; keys: string[] } {
  const body: GridCellInput[] = [];
  const keys: string[] = [];
  for (const pupil of pupilIds) {
    for (const element of elementIds) {
      const key = cellKey(pupil, element);
      const value = cells.get(key);
      if (!value) continue;
      body.push(value.absent ? { pupil, element, level: null, absent: true } : { pupil, element, level: value.level, absent: false });
      keys.push(key);
    }
  }
  return { cells: body, keys };
}

/** The cells named by a 400 (`cells[12].level`, `cells[3]`) with their messages. */
export function cellErrors(fields: Record<string, string[]>, keys: readonly string[]): Map<string, string> {
  const errors = new Map<string, string>();
  for (const [name, messages] of Object.entries(fields)) {
    const match = /^cells\[(\d+)\]/.exec(name);
    const key = match ? keys[Number(match[1])] : undefined;
    if (key) errors.set(key, [errors.get(key), ...messages].filter(Boolean).join(' '));
  }
  return errors;
}

export function sameValue(a: CellValue | undefined, b: CellValue | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.absent === b.absent && a.level === b.level;
}

/** Number of cells that differ from what the server holds. */
export function changedCount(saved: ReadonlyMap<string, CellValue>, current: ReadonlyMap<string, CellValue>): number {
  let count = 0;
  for (const key of new Set([...saved.keys(), ...current.keys()])) {
    if (!sameValue(saved.get(key), current.get(key))) count += 1;
  }
  return count;
}

/** Black or white text, whichever reads better on the school's colour (WCAG contrast). */
export function textColourOn(hex: string): '#000000' | '#ffffff' {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match?.[1] || !match[2] || !match[3]) return '#000000';
  const channel = (value: string) => {
    const c = Number.parseInt(value, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(match[1]) + 0.7152 * channel(match[2]) + 0.0722 * channel(match[3]);
  // Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05).
  return (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) ? '#000000' : '#ffffff';
}

/** The cycle(s) of a class's levels: CP–CE2 cycle 2, CM1–CM2 cycle 3. */
export function cyclesOfLevels(levels: readonly string[]): ('2' | '3')[] {
  const cycles = new Set<'2' | '3'>();
  for (const level of levels) cycles.add(level.startsWith('CM') ? '3' : '2');
  return [...cycles].sort();
}
