import type { TFunction } from 'i18next';

import type { Accompaniment, BilanDomain, BilanState } from '../../api/types';

export const ACCOMPANIMENTS: readonly Accompaniment[] = ['PPRE', 'PAP', 'PPS', 'PAI', 'RASED', 'ULIS', 'UPE2A'];
export const BILAN_STATES: readonly BilanState[] = ['draft', 'locked', 'validated', 'communicated'];

export function stateLabel(t: TFunction, state: BilanState): string {
  return t(`livret.bilans.states.${state}`);
}

export const STATE_COLOURS: Record<BilanState, string> = {
  draft: 'gray.8',
  locked: 'orange.9',
  validated: 'blue.9',
  communicated: 'teal.9',
};

type Level = '1' | '2' | '3' | '4';

/** "3 – Objectifs atteints" (the periodic bilan's scale, the same in every school). */
export function positionnementLabel(t: TFunction, level: number | null | undefined): string {
  if (!level) return t('livret.bilans.notPositioned');
  return `${level} – ${t(`livret.bilans.positionnement.${String(level) as Level}`)}`;
}

export function masteryLabel(t: TFunction, level: number | null | undefined): string {
  if (!level) return t('livret.bilans.notPositioned');
  return t(`livret.bilans.mastery.${String(level) as Level}`);
}

/** Domains with sub-domains are headings; the others (the leaves) carry a positionnement. */
export function isParentDomain(domain: BilanDomain, domains: readonly BilanDomain[]): boolean {
  return domains.some((other) => other.parent === domain.domain);
}
