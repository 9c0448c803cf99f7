import type {
  ChildEvaluation,
  Evaluation,
  EvaluationGrid,
  FamilyBilans,
  FamilyPeriodicBilan,
  LevelScale,
  LivretPeriods,
  LivretProgressSchool,
  PeriodicBilan,
  Programme,
} from '../api/types';

export const SCALE: LevelScale = {
  labels: ['Non atteint', 'Partiellement atteint', 'Atteint', 'Dépassé'],
  colours: ['#c62828', '#f9a825', '#2e7d32', '#1565c0'],
  is_default: true,
};

export const PERIODS: LivretPeriods = {
  school_year: '2026-2027',
  school_year_id: 1,
  scheme: 'trimesters',
  periods: [
    { id: 21, index: 1, count: 3, label: 'Trimestre 1', start_date: '2026-09-01', end_date: '2026-11-30' },
    { id: 22, index: 2, count: 3, label: 'Trimestre 2', start_date: '2026-12-01', end_date: '2027-03-05' },
    { id: 23, index: 3, count: 3, label: 'Trimestre 3', start_date: '2027-03-06', end_date: '2027-07-03' },
  ],
};

export const READING = { id: 301, label: 'Lire à voix haute', domain_id: 31, domain_code: 'FRA_LEC', domain_label: 'Lecture' };
export const WRITING = { id: 302, label: 'Copier un texte', domain_id: 32, domain_code: 'FRA_ECR', domain_label: 'Écriture' };

export const PROGRAMME: Programme = {
  cycle: '2',
  domains: [
    { id: 30, code: 'FRA', label: 'Français', parent_id: null, elements: [] },
    {
      id: 31,
      code: 'FRA_LEC',
      label: 'Lecture et compréhension de l’écrit',
      parent_id: 30,
      elements: [{ id: 301, domain_id: 31, label: 'Lire à voix haute', levels: [], is_national: true, is_active: true }],
    },
    {
      id: 32,
      code: 'FRA_ECR',
      label: 'Écriture',
      parent_id: 30,
      elements: [{ id: 302, domain_id: 32, label: 'Copier un texte', levels: [], is_national: true, is_active: true }],
    },
    {
      id: 40,
      code: 'MAT',
      label: 'Mathématiques',
      parent_id: null,
      elements: [{ id: 401, domain_id: 40, label: 'Calculer mentalement', levels: [], is_national: true, is_active: true }],
    },
  ],
};

export function makeEvaluation(overrides: Partial<Evaluation> = {}): Evaluation {
  return {
    id: 900,
    classroom_id: 7,
    title: 'Dictée de décembre',
    date: '2026-12-03',
    elements: [READING, WRITING],
    published_at: null,
    result_count: 0,
    created_at: '2026-12-03T10:00:00+01:00',
    updated_at: '2026-12-03T10:00:00+01:00',
    ...overrides,
  };
}

export function makeGrid(overrides: Partial<EvaluationGrid> = {}): EvaluationGrid {
  return {
    evaluation_id: 900,
    version: 1,
    pupils: [
      { id: 101, first_name: 'Léa', last_name: 'Martin', level: 'CE2' },
      { id: 103, first_name: 'Noé', last_name: 'Petit', level: 'CE2' },
      { id: 104, first_name: 'Inès', last_name: 'Roux', level: 'CE2' },
    ],
    elements: [READING, WRITING],
    cells: [{ pupil: 103, element: 302, level: 2, absent: false }],
    ...overrides,
  };
}

export function makeChildEvaluation(overrides: Partial<ChildEvaluation> = {}): ChildEvaluation {
  return {
    id: 900,
    classroom_id: 7,
    title: 'Dictée de décembre',
    date: '2026-12-03',
    published_at: '2026-12-04T17:00:00+01:00',
    elements: [READING, WRITING],
    results: [
      { element_id: 301, level: 3, absent: false, label: 'Atteint', colour: '#2e7d32' },
      { element_id: 302, level: null, absent: true, label: null, colour: null },
    ],
    ...overrides,
  };
}

// --- Bilans ---------------------------------------------------------------------------------

export function makeBilan(overrides: Partial<PeriodicBilan> = {}): PeriodicBilan {
  return {
    id: 700,
    pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
    classroom: 7,
    state: 'draft',
    locked_at: null,
    validated_at: null,
    communicated_at: null,
    period: 22,
    level: 'CE2',
    general_appreciation: '',
    domains: [
      { domain: 30, code: 'FRA', label: 'Français', parent: null, positionnement: null, suggested: 3, appreciation: '', elements: [] },
      {
        domain: 31,
        code: 'FRA-LEC',
        label: 'Lecture et compréhension de l’écrit',
        parent: 30,
        positionnement: null,
        suggested: 3,
        appreciation: '',
        elements: [],
      },
      { domain: 32, code: 'FRA-ECR', label: 'Écriture', parent: 30, positionnement: 2, suggested: 4, appreciation: '', elements: [] },
      { domain: 50, code: 'EPS', label: 'Éducation physique et sportive', parent: null, positionnement: null, suggested: null, appreciation: '', elements: [] },
    ],
    accompaniments: [],
    acknowledgements: [],
    ...overrides,
  };
}

export function makeFamilyBilan(overrides: Partial<FamilyPeriodicBilan> = {}): FamilyPeriodicBilan {
  return {
    id: 700,
    pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
    school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' },
    classroom: { id: 7, name: 'CE2 B' },
    period: { id: 22, label: 'Trimestre 2', index: 2, count: 3, start_date: '2026-12-01', end_date: '2027-03-05' },
    level: 'CE2',
    communicated_at: '2027-03-10T17:00:00+01:00',
    general_appreciation: 'Un bon trimestre.',
    domains: [
      { domain: 30, code: 'FRA', label: 'Français', parent: null, positionnement: null, suggested: null, appreciation: '', elements: [] },
      { domain: 31, code: 'FRA-LEC', label: 'Lecture', parent: 30, positionnement: 3, suggested: 3, appreciation: 'Lit avec aisance.', elements: [] },
    ],
    own_acknowledgement: { acknowledged_at: null, comment: '' },
    ...overrides,
  };
}

export function familyBilans(periodic: FamilyPeriodicBilan[] = []): FamilyBilans {
  return { periodic, cycle: [] };
}

export const PROGRESS: LivretProgressSchool[] = [
  {
    id: 3,
    uai: '0940123A',
    name: 'École Jules Ferry',
    total: 25,
    draft: 20,
    locked: 3,
    validated: 0,
    communicated: 2,
    acknowledged: 1,
    classrooms: [{ id: 7, name: 'CE2 B', period_id: 21, total: 25, draft: 20, locked: 3, validated: 0, communicated: 2, acknowledged: 1 }],
  },
];
