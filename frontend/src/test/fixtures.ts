import type { Me } from '../api/types';

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    id: 1,
    username: 'claire.martin',
    display_name: 'Claire Martin',
    language: 'fr',
    roles: ['guardian'],
    person: { id: 10, first_name: 'Claire', last_name: 'Martin' },
    children: [],
    classrooms: [],
    schools: [],
    authority_scopes: [],
    ...overrides,
  };
}

export const guardianWithTwoChildren: Me = makeMe({
  roles: ['guardian'],
  children: [
    {
      id: 101,
      first_name: 'Léa',
      last_name: 'Martin',
      birth_date: '2017-03-14',
      level: 'CE2',
      classroom: { id: 7, name: 'CE2 B' },
      school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' },
    },
    {
      id: 102,
      first_name: 'Hugo',
      last_name: 'Martin',
      birth_date: '2019-09-02',
      level: 'CP',
      classroom: { id: 8, name: 'CP A' },
      school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' },
    },
  ],
  schools: [
    { id: 3, uai: '0940123A', name: 'École Jules Ferry', commune_name: 'Vitry-sur-Seine', role: 'guardian' },
  ],
});
