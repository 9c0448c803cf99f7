import type { ClassroomDetail, Me, OndePreview, OndePupilRow, OndeSummary } from '../api/types';
import { makeMe } from './fixtures';
import { page } from './timetableFixtures';

export const IMPORT_SCHOOL = { id: 3, uai: '0940123A', name: 'École Jules Ferry' };

export const importDirector: Me = makeMe({
  display_name: 'Anne Directrice',
  roles: ['director'],
  schools: [{ ...IMPORT_SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'director' }],
});

function pupil(overrides: Partial<OndePupilRow>): OndePupilRow {
  return {
    line: 2,
    person_id: null,
    last_name: 'Breton',
    first_name: 'Henri',
    birth_date: '2020-06-05',
    level: 'CP',
    classroom: 'CP Mme Durand',
    previous_classroom: '',
    changes: [],
    ...overrides,
  };
}

const SUMMARY: OndeSummary = {
  classrooms_to_create: 2,
  pupils_to_create: 2,
  pupils_to_update: 1,
  pupils_to_move: 1,
  pupils_to_withdraw: 1,
  pupils_unchanged: 3,
  guardians_to_create: 2,
  guardianships_to_create: 3,
  rejected: 0,
};

/** A preview with something in every list and no rejected line. */
export const cleanPreview: OndePreview = {
  summary: SUMMARY,
  classrooms_to_create: [
    { onde_class_id: '1001', name: 'CP Mme Durand', levels: ['CP'] },
    { onde_class_id: '1002', name: 'CE1-CE2 M. Petit', levels: ['CE1', 'CE2'] },
  ],
  pupils_to_create: [
    pupil({}),
    pupil({ line: 3, last_name: 'Regnier', first_name: 'Étienne', birth_date: '2018-09-04', level: 'CE2', classroom: 'CE1-CE2 M. Petit' }),
  ],
  pupils_to_update: [
    pupil({ line: 4, person_id: 12, last_name: 'Poulain', first_name: 'Isabelle', changes: ['address', 'ine'] }),
  ],
  pupils_to_move: [
    pupil({ line: 5, person_id: 13, last_name: 'Boyer', first_name: 'Corinne', level: 'CM1', classroom: 'CM1 Mme Roux', previous_classroom: 'CE2 A' }),
  ],
  pupils_to_withdraw: [
    pupil({ line: null, person_id: 14, last_name: 'Martin', first_name: 'Léa', birth_date: '2017-03-14', level: '', classroom: '', previous_classroom: 'CM1-CM2' }),
  ],
  guardians_to_create: [
    { line: 2, last_name: 'Breton', first_name: 'Frédérique', children: ['Henri Breton'] },
    { line: 3, last_name: 'Regnier', first_name: 'Benjamin', children: ['Étienne Regnier', 'Lou Regnier'] },
  ],
  classrooms_to_identify: [],
  rejected: [],
  warnings: [],
};

/** A re-export in Windows-1252 that lost letters, into a class known by its name only. */
export const previewWithWarnings: OndePreview = {
  ...cleanPreview,
  classrooms_to_identify: [{ name: 'CM1 Mme Roux', onde_class_id: '1003' }],
  warnings: [
    {
      file: 'élèves',
      line: 5,
      reason:
        '« NGUY?N » : des lettres ont été perdues (fichier réenregistré en Windows-1252 ?) : exportez-le de nouveau depuis ONDE, en UTF-8 ; le nom enregistré (« NGUYỄN ») est conservé',
    },
  ],
};

/** The same files with two broken pupil lines and the guardian line they orphan. */
export const previewWithRejections: OndePreview = {
  ...cleanPreview,
  summary: { ...SUMMARY, rejected: 3 },
  rejected: [
    { file: 'élèves', line: 3, reason: 'date de naissance invalide « 31/02/2019 » (attendu jj/mm/aaaa)' },
    { file: 'élèves', line: 4, reason: 'niveau inconnu « 6EME » (CP, CE1, CE2, CM1 ou CM2)' },
    { file: 'responsables', line: 6, reason: 'enfant absent du fichier des élèves : Manon Delaunay' },
  ],
};

export const appliedSummary: OndeSummary = SUMMARY;

export const classroomsAfterImport = page<ClassroomDetail>([
  {
    id: 21,
    name: 'CE1-CE2 M. Petit',
    levels: ['CE1', 'CE2'],
    school: IMPORT_SCHOOL,
    school_year: '2026-2027',
    teachers: [],
    pupil_count: 12,
    suppressed: [],
  },
  {
    id: 20,
    name: 'CP Mme Durand',
    levels: ['CP'],
    school: IMPORT_SCHOOL,
    school_year: '2026-2027',
    teachers: [],
    pupil_count: 1,
    suppressed: [],
  },
]);

export function csvFile(name: string, text = 'Nom élève;Prénom élève\r\nBreton;Henri\r\n'): File {
  return new File([text], name, { type: 'text/csv' });
}
