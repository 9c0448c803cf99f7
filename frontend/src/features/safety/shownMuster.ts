import type { MusterClass, MusterDetail, MusterPupil } from '../../api/types';
import { tappedState, type PendingTaps } from './pendingTaps';

/** A pupil as this phone shows them: the server's state, or the tap not sent yet. */
export interface ShownPupil extends MusterPupil {
  found: boolean;
  /** Tapped here, not yet acknowledged by the server. */
  pending: boolean;
}

export interface Counts {
  expected: number;
  found: number;
  missing: number;
}

export interface ShownClass extends Omit<MusterClass, 'pupils' | 'expected' | 'found' | 'missing'>, Counts {
  /** Expected: not absent at the roll call. */
  present: ShownPupil[];
  absent: ShownPupil[];
  /** Expected and not found. */
  stillMissing: ShownPupil[];
}

/**
 * The list with this phone's waiting taps applied, and its counts made the server's way
 * (preau.safety.selectors.muster_detail): expected = not absent at the call; found = any
 * pupil found; missing = expected and not found. Offline, the counts follow the taps.
 */
export function shownMuster(
  detail: MusterDetail,
  record: PendingTaps | null,
): { classes: ShownClass[]; totals: Counts } {
  const tapped = tappedState(record);
  const classes = detail.classes.map((group): ShownClass => {
    const pupils = group.pupils.map((pupil): ShownPupil => {
      const tap = tapped.get(pupil.pupil_id);
      return { ...pupil, found: tap ?? pupil.found_at !== null, pending: tap !== undefined };
    });
    const present = pupils.filter((pupil) => !pupil.absent_today);
    const stillMissing = present.filter((pupil) => !pupil.found);
    return {
      classroom_id: group.classroom_id,
      classroom_name: group.classroom_name,
      responsible_id: group.responsible_id,
      responsible_name: group.responsible_name,
      present,
      absent: pupils.filter((pupil) => pupil.absent_today),
      stillMissing,
      expected: present.length,
      found: pupils.filter((pupil) => pupil.found).length,
      missing: stillMissing.length,
    };
  });
  const sum = (key: keyof Counts) => classes.reduce((total, group) => total + group[key], 0);
  return { classes, totals: { expected: sum('expected'), found: sum('found'), missing: sum('missing') } };
}
