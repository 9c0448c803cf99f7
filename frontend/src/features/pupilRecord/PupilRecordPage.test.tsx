import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';

import { changeLanguage } from '../../shared/i18n';
import { directorOfJulesFerry, makeSheet, teacherOfCe2B } from '../../test/attendanceFixtures';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import type { Me } from '../../api/types';
import type { PickupPerson, PupilRecord } from './api';

const RECORD = '/api/v1/people/pupils/101/record/';
const CREATE = '/api/v1/people/pupils/101/pickup-persons/';

const ODETTE: PickupPerson = {
  id: 5,
  first_name: 'Odette',
  last_name: 'Martin',
  relationship: 'grand-mère',
  phone: '06 12 34 56 78',
  notes: 'Le mercredi',
};

function makeRecord(overrides: Partial<PupilRecord> = {}): PupilRecord {
  return {
    id: 101,
    first_name: 'Léa',
    last_name: 'Martin',
    usage_name: '',
    birth_date: '2018-03-14',
    sex: 'F',
    enrolments: [
      {
        id: 1,
        level: 'CE2',
        start_date: '2026-09-01',
        end_date: null,
        is_current: true,
        classroom_id: 7,
        classroom_name: 'CE2 B',
        school_id: 3,
        school_name: 'École Jules Ferry',
        school_year: '2026-2027',
      },
      {
        id: 2,
        level: 'CE1',
        start_date: '2025-09-01',
        end_date: '2026-07-04',
        is_current: false,
        classroom_id: 4,
        classroom_name: 'CE1 A',
        school_id: 9,
        school_name: 'École Paul Bert',
        school_year: '2025-2026',
      },
    ],
    guardians: [
      {
        guardianship_id: 31,
        id: 50,
        first_name: 'Sophie',
        last_name: 'Martin',
        usage_name: '',
        relationship: 'mere',
        is_legal: true,
        phone: '06 00 00 00 01',
        email: 'sophie@example.org',
      },
      {
        guardianship_id: 32,
        id: 51,
        first_name: 'Karim',
        last_name: 'Martin',
        usage_name: '',
        relationship: 'pere',
        is_legal: true,
        phone: '',
        email: '',
      },
    ],
    pickup_persons: [ODETTE],
    can_edit: false,
    ...overrides,
  };
}

function mockRecord(me: Me, record: () => PupilRecord | Response, routes: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    [`GET ${RECORD}`]: () => {
      const answer = record();
      return answer instanceof Response ? answer : json(200, answer);
    },
    ...routes,
  });
}

async function noBlockingViolations() {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const FIRST_LOAD = { timeout: 10_000 };

describe('Fiche élève', { timeout: 15_000 }, () => {
  afterEach(async () => {
    await changeLanguage('fr');
  });

  it('shows the teacher how to reach the guardians, who may pick the child up and the schooling, read-only', async () => {
    mockRecord(teacherOfCe2B, () => makeRecord());
    renderApp('/eleves/101');

    expect(await screen.findByRole('heading', { level: 1, name: 'Fiche élève · Léa Martin' }, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.getByText('Né·e le 14 mars 2018 · CE2 B, École Jules Ferry')).toBeInTheDocument();

    const guardians = screen.getByRole('region', { name: 'Responsables' });
    const sophie = within(guardians).getAllByRole('listitem')[0]!;
    expect(within(sophie).getByText('Sophie Martin')).toBeInTheDocument();
    expect(within(sophie).getByText('mère')).toBeInTheDocument();
    expect(within(sophie).getByText('Responsable légal')).toBeInTheDocument();
    expect(within(sophie).getByRole('link', { name: '06 00 00 00 01' })).toHaveAttribute('href', 'tel:0600000001');
    expect(within(sophie).getByRole('link', { name: 'sophie@example.org' })).toHaveAttribute('href', 'mailto:sophie@example.org');
    expect(within(guardians).getByText('Aucune coordonnée enregistrée')).toBeInTheDocument();

    const pickup = screen.getByRole('region', { name: 'Personnes autorisées à venir chercher l’enfant' });
    expect(within(pickup).getByText('Odette Martin')).toBeInTheDocument();
    expect(within(pickup).getByText('grand-mère')).toBeInTheDocument();
    expect(within(pickup).getByText('Le mercredi')).toBeInTheDocument();

    const schooling = screen.getByRole('region', { name: 'Scolarité' });
    expect(within(schooling).getByText('École Paul Bert · CE1 A (CE1)')).toBeInTheDocument();
    expect(within(schooling).getByText('Du 1er septembre 2025 au 4 juillet 2026')).toBeInTheDocument();
    expect(within(schooling).getByText('En cours')).toBeInTheDocument();

    // A teacher reads; only the director edits.
    expect(screen.queryByRole('button', { name: 'Ajouter une personne' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Modifier/ })).not.toBeInTheDocument();
    expect(await noBlockingViolations()).toEqual([]);
  });

  it('says so when the record is not the viewer’s to read', async () => {
    mockRecord(teacherOfCe2B, () => apiError(404, 'not_found', 'Élève introuvable.'));
    renderApp('/eleves/101');

    expect(await screen.findByRole('alert', {}, FIRST_LOAD)).toHaveTextContent('Élève introuvable.');
    expect(screen.getByRole('heading', { level: 1, name: 'Fiche élève' })).toBeInTheDocument();
  });

  it('lets the director add a person; a refused phone number takes focus with the server’s words', async () => {
    let record = makeRecord({ can_edit: true, pickup_persons: [] });
    const bodies: unknown[] = [];
    const { requestsTo } = mockRecord(directorOfJulesFerry, () => record, {
      [`POST ${CREATE}`]: async (request) => {
        const body = (await request.json()) as Record<string, string>;
        bodies.push(body);
        if (body.phone === '06 12') {
          return apiError(400, 'invalid', 'Numéro de téléphone invalide.', {
            phone: ['Un numéro à 10 chiffres commençant par 0, ou international (+…).'],
          });
        }
        record = { ...record, pickup_persons: [{ ...ODETTE, notes: '' }] };
        return json(201, { ...ODETTE, notes: '' });
      },
    });
    const { user } = renderApp('/eleves/101');

    await user.click(await screen.findByRole('button', { name: 'Ajouter une personne' }, FIRST_LOAD));
    const dialog = await screen.findByRole('dialog', { name: 'Nouvelle personne autorisée' });
    await user.type(within(dialog).getByRole('textbox', { name: /Prénom/ }), 'Odette');
    await user.type(within(dialog).getByRole('textbox', { name: /^Nom/ }), 'Martin');
    await user.type(within(dialog).getByRole('textbox', { name: /Lien avec l’enfant/ }), 'grand-mère');
    const phone = within(dialog).getByRole('textbox', { name: /Téléphone/ });
    await user.type(phone, '06 12');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    await waitFor(() => expect(phone).toHaveFocus());
    expect(phone).toHaveAttribute('aria-invalid', 'true');
    expect(within(dialog).getByText('Un numéro à 10 chiffres commençant par 0, ou international (+…).')).toBeInTheDocument();

    await user.clear(phone);
    await user.type(phone, '0612345678');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const pickup = screen.getByRole('region', { name: 'Personnes autorisées à venir chercher l’enfant' });
    expect(await within(pickup).findByText('Odette Martin')).toBeInTheDocument();
    const posts = requestsTo('POST', CREATE);
    expect(posts).toHaveLength(2);
    // One key for the dialog: the refused attempt stored nothing, its retry reuses it.
    expect(posts[0]!.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[1]!.headers.get('Idempotency-Key')).toBe(posts[0]!.headers.get('Idempotency-Key'));
    expect(bodies.at(-1)).toEqual({
      first_name: 'Odette',
      last_name: 'Martin',
      relationship: 'grand-mère',
      phone: '0612345678',
      notes: '',
    });
  });

  it('checks the required fields before sending, focusing the first one missing', async () => {
    const { requestsTo } = mockRecord(directorOfJulesFerry, () => makeRecord({ can_edit: true, pickup_persons: [] }));
    const { user } = renderApp('/eleves/101');

    await user.click(await screen.findByRole('button', { name: 'Ajouter une personne' }, FIRST_LOAD));
    const dialog = await screen.findByRole('dialog', { name: 'Nouvelle personne autorisée' });
    await user.type(within(dialog).getByRole('textbox', { name: /Prénom/ }), 'Odette');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));

    const lastName = within(dialog).getByRole('textbox', { name: /^Nom/ });
    await waitFor(() => expect(lastName).toHaveFocus());
    expect(lastName).toHaveAttribute('aria-invalid', 'true');
    expect(requestsTo('POST', CREATE)).toHaveLength(0);
    expect(await noBlockingViolations()).toEqual([]);
  });

  it('lets the director remove a person after confirming, and correct a guardian’s phone', async () => {
    let record = makeRecord({ can_edit: true });
    const { requestsTo } = mockRecord(directorOfJulesFerry, () => record, {
      'DELETE /api/v1/people/pickup-persons/5/': () => {
        record = { ...record, pickup_persons: [] };
        return new Response(null, { status: 204 });
      },
      'PATCH /api/v1/people/guardianships/32/contact/': () => json(200, { ...record.guardians[1], phone: '06 99 99 99 99' }),
    });
    const { user } = renderApp('/eleves/101');

    await user.click(await screen.findByRole('button', { name: 'Retirer Odette Martin de la liste' }, FIRST_LOAD));
    await user.click(screen.getByRole('button', { name: 'Retirer Odette Martin' }));
    expect(await screen.findByText('Aucune autre personne autorisée.')).toBeInTheDocument();
    expect(requestsTo('DELETE', '/api/v1/people/pickup-persons/5/')).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Modifier les coordonnées de Karim Martin' }));
    const dialog = await screen.findByRole('dialog', { name: 'Coordonnées de Karim Martin' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Téléphone' }), '06 99 99 99 99');
    await user.click(within(dialog).getByRole('button', { name: 'Enregistrer' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const patch = requestsTo('PATCH', '/api/v1/people/guardianships/32/contact/');
    expect(JSON.parse(patch[0]!.body)).toEqual({ phone: '06 99 99 99 99', email: '' });
  });

  it('is in English too', async () => {
    await changeLanguage('en');
    mockRecord(teacherOfCe2B, () => makeRecord());
    renderApp('/eleves/101');

    expect(await screen.findByRole('heading', { level: 1, name: 'Pupil record · Léa Martin' }, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'People allowed to pick the child up' })).toBeInTheDocument();
    expect(screen.getByText('mother')).toBeInTheDocument();
  });

  it('is reached from the roll call’s names until a mark changes', async () => {
    mockRecord(teacherOfCe2B, () => makeRecord(), {
      'GET /api/v1/attendance/classrooms/7/roll-call/': () => json(200, makeSheet()),
    });
    const { user } = renderApp('/classes/7/appel?date=2026-11-24&demi-journee=morning');

    const link = await screen.findByRole('link', { name: 'Fiche de Léa Martin' }, FIRST_LOAD);
    expect(link).toHaveAttribute('href', '/eleves/101');
    // Leaving now would lose the marks: the links go once one is set.
    await user.click(screen.getByRole('button', { name: 'Noé Bernard Présent·e' }));
    expect(screen.queryByRole('link', { name: 'Fiche de Léa Martin' })).not.toBeInTheDocument();
  });

  it('opens from the roll call before any mark is set', async () => {
    mockRecord(teacherOfCe2B, () => makeRecord(), {
      'GET /api/v1/attendance/classrooms/7/roll-call/': () => json(200, makeSheet()),
    });
    const { user, currentPath } = renderApp('/classes/7/appel?date=2026-11-24&demi-journee=morning');

    await user.click(await screen.findByRole('link', { name: 'Fiche de Léa Martin' }, FIRST_LOAD));
    expect(await screen.findByRole('heading', { level: 1, name: 'Fiche élève · Léa Martin' }, FIRST_LOAD)).toBeInTheDocument();
    expect(currentPath()).toBe('/eleves/101');
  });
});
