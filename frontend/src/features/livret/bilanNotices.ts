import { useSyncExternalStore } from 'react';

/**
 * The bilans that arrived live (`livret.bilan_communicated`) since the families' page was
 * opened, by pupil: the page says so in a notice until it is closed.
 */
let arrivals: readonly number[] = [];
const listeners = new Set<() => void>();

function emit() {
  for (const listener of listeners) listener();
}

export function noteBilanArrival(pupilId: number): void {
  arrivals = [...arrivals, pupilId];
  emit();
}

export function dismissBilanArrivals(): void {
  arrivals = [];
  emit();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The pupils whose bilan arrived live and is not yet acknowledged by the notice. */
export function useBilanArrivals(): readonly number[] {
  return useSyncExternalStore(subscribe, () => arrivals);
}
