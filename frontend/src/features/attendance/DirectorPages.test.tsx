import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Absence, AbsenteeismCase, Register } from '../../api/types';
import { directorOfJulesFerry, makeAbsence, makeRegister } from '../../test/attendanceFixtures';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });

function mockDirector(routes: Record<string, Handler>) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, directorOfJulesFerry),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    ...routes,
  });
}

async function noBlockingViolations() {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const pending = makeAbsence({
  justification_status: 'pending',
  absence_reason: 'maladie_enfant',
  justified_by: { id: 10, first_name: 'Claire', last_name: 'Martin' },
  document: { original_name: 'certificat.pdf', content_type: 'application/pdf', size: 12_000, created_at: '2026-11-23T18:00:00Z' },
});

/** The first screen waits for the lazily loaded page (slow on a busy machine). */
const FIRST_LOAD = { timeout: 20_000 };

// Pages of the whole app under load (parallel workers on two cores): more than the default 5 s.
describe('Director attendance pages', () => {
  beforeEach(() => {
    // Tuesday 1 December 2026: November is over, so its register can be signed.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T09:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('lists the week’s classrooms whose call is missing, with a link to take it and a reminder', async () => {
    const { requestsTo } = mockDirector({
      'GET /api/v1/attendance/schools/3/calls-not-taken/': () =>
        json(200, {
          school_id: 3,
          date: '2026-11-24',
          week_start: '2026-11-23',
          half_days: [
            { date: '2026-11-23', half_day: 'morning', classrooms: [] },
            {
              date: '2026-11-24',
              half_day: 'morning',
              classrooms: [{ id: 8, name: 'CP A', teachers: [{ id: 21, first_name: 'Marie', last_name: 'Curie' }] }],
            },
          ],
        }),
      'POST /api/v1/attendance/classrooms/8/roll-call/reminders/': () =>
        json(201, { conversation_ids: [55], teachers: [{ id: 21, first_name: 'Marie', last_name: 'Curie' }] }),
    });
    const { user } = renderApp('/direction/appels');

    const week = await screen.findByRole('region', { name: 'Semaine du lundi 23 novembre' }, FIRST_LOAD);
    const monday = within(week).getByRole('region', { name: 'lundi 23 novembre, matin' });
    expect(within(monday).getByText('Tous les appels sont faits.')).toBeInTheDocument();
    const tuesday = within(week).getByRole('region', { name: 'mardi 24 novembre, matin' });
    expect(within(tuesday).getByText('Marie Curie')).toBeInTheDocument();
    expect(within(tuesday).getByRole('link', { name: 'Faire l’appel de CP A' })).toHaveAttribute(
      'href',
      '/classes/8/appel?date=2026-11-24&demi-journee=morning',
    );

    await user.click(
      within(tuesday).getByRole('button', { name: 'Relancer Marie Curie : appel de CP A du mardi 24 novembre, matin' }),
    );
    expect(await within(tuesday).findByRole('status')).toHaveTextContent('Relance envoyée à Marie Curie (messagerie).');
    expect(JSON.parse(requestsTo('POST', '/api/v1/attendance/classrooms/8/roll-call/reminders/')[0]?.body ?? '')).toEqual({
      date: '2026-11-24',
      half_day: 'morning',
    });
    expect(await noBlockingViolations()).toEqual([]);
  });

  it('names the field of a reminder the server refuses', async () => {
    mockDirector({
      'GET /api/v1/attendance/schools/3/calls-not-taken/': () =>
        json(200, {
          school_id: 3,
          date: '2026-11-24',
          week_start: '2026-11-23',
          half_days: [
            {
              date: '2026-11-24',
              half_day: 'morning',
              classrooms: [{ id: 8, name: 'CP A', teachers: [{ id: 21, first_name: 'Marie', last_name: 'Curie' }] }],
            },
          ],
        }),
      'POST /api/v1/attendance/classrooms/8/roll-call/reminders/': () =>
        apiError(400, 'roll_call_taken', 'L’appel du 24/11/2026 (matin) est déjà fait.', {
          half_day: ['L’appel du 24/11/2026 (matin) est déjà fait.'],
        }),
    });
    const { user } = renderApp('/direction/appels');

    await user.click(await screen.findByRole('button', { name: /^Relancer Marie Curie/ }, FIRST_LOAD));
    expect(await screen.findByRole('alert')).toHaveTextContent('déjà fait');
  });

  it('accepts a justification, and refuses another only with a reason', async () => {
    let queue: Absence[] = [pending, makeAbsence({ ...pending, id: 905, pupil: { id: 103, first_name: 'Noé', last_name: 'Bernard' } })];
    const { requestsTo } = mockDirector({
      'GET /api/v1/attendance/absences/': (request) => {
        expect(new URL(request.url).searchParams.get('justification_status')).toBe('pending');
        return json(200, page(queue));
      },
      'POST /api/v1/attendance/absences/901/justification/accept/': () => {
        queue = queue.filter((a) => a.id !== 901);
        return json(200, { ...pending, justification_status: 'accepted' });
      },
      'POST /api/v1/attendance/absences/905/justification/refuse/': () => {
        queue = [];
        return json(200, { ...pending, id: 905, justification_status: 'refused' });
      },
    });
    const { user } = renderApp('/direction/justificatifs');

    const lea = await screen.findByRole('article', { name: 'Léa Martin (CE2 B)' }, FIRST_LOAD);
    expect(within(lea).getByText('Absence · lundi 23 novembre, matin')).toBeInTheDocument();
    expect(within(lea).getByText('Motif : Maladie de l’enfant')).toBeInTheDocument();
    expect(within(lea).getByRole('link', { name: 'certificat.pdf' })).toHaveAttribute(
      'href',
      '/api/v1/attendance/absences/901/document/',
    );
    expect(within(lea).getByText('Envoyée par Claire Martin')).toBeInTheDocument();
    expect(await noBlockingViolations()).toEqual([]);

    await user.click(within(lea).getByRole('button', { name: 'Accepter la justification de Léa Martin' }));
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Léa Martin (CE2 B)' })).not.toBeInTheDocument());
    expect(requestsTo('POST', '/api/v1/attendance/absences/901/justification/accept/')).toHaveLength(1);

    const noe = screen.getByRole('article', { name: 'Noé Bernard (CE2 B)' });
    await user.click(within(noe).getByRole('button', { name: 'Refuser la justification de Noé Bernard' }));
    await user.click(within(noe).getByRole('button', { name: 'Confirmer le refus' }));
    expect(within(noe).getByText('Indiquez pourquoi vous refusez.')).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/attendance/absences/905/justification/refuse/')).toHaveLength(0);

    await user.type(within(noe).getByRole('textbox', { name: /Motif du refus/ }), 'Certificat illisible');
    await user.click(within(noe).getByRole('button', { name: 'Confirmer le refus' }));
    expect(await screen.findByText('Aucune justification en attente.')).toBeInTheDocument();
    expect(JSON.parse(requestsTo('POST', '/api/v1/attendance/absences/905/justification/refuse/')[0]?.body ?? '')).toEqual({
      refusal_reason: 'Certificat illisible',
    });
  });

  it('shows the month’s register as a grid with codes and totals, the downloads, and signs it', async () => {
    let register: Register = makeRegister();
    const months: string[] = [];
    const { requestsTo } = mockDirector({
      'GET /api/v1/schools/classrooms/': () =>
        json(200, page([{ id: 7, name: 'CE2 B', levels: ['CE2'], school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' } }])),
      'GET /api/v1/attendance/classrooms/7/register/': (request) => {
        months.push(new URL(request.url).searchParams.get('month') ?? '');
        return json(200, register);
      },
      'POST /api/v1/attendance/classrooms/7/register/sign-off/': () => {
        const signOff = {
          classroom_id: 7,
          month: '2026-11',
          signed_by: { id: 30, first_name: 'Anne', last_name: 'Leroy' },
          signed_at: '2026-12-01T08:00:00Z',
        };
        register = { ...register, sign_off: signOff };
        return json(201, signOff);
      },
    });
    const { user } = renderApp('/direction/registre?classe=7&mois=2026-11');

    const table = await screen.findByRole('table', { name: 'Registre d’appel : CE2 B, novembre 2026' }, FIRST_LOAD);
    expect(months).toEqual(['2026-11']);
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));
    expect(rows).toEqual([
      ['Élève', 'lun. 23 M', 'lun. 23 AM', 'mar. 24 M', 'Absences', 'dont justifiées', 'non justifiées', 'Retards'],
      ['Léa Martin', 'AJ', 'R10', 'NF', '1', '1', '0', '1'],
      ['Noé Bernard', 'A', '', 'NF', '1', '0', '1', '0'],
    ]);
    expect(within(table).getByTitle('Absence justifiée')).toHaveTextContent('AJ');
    expect(screen.getByRole('link', { name: 'Télécharger le registre (CSV)' })).toHaveAttribute(
      'href',
      '/api/v1/attendance/classrooms/7/register.csv?month=2026-11',
    );
    expect(screen.getByRole('link', { name: 'Télécharger le registre (PDF)' })).toHaveAttribute(
      'href',
      '/api/v1/attendance/classrooms/7/register.pdf?month=2026-11',
    );
    expect(await noBlockingViolations()).toEqual([]);

    await user.click(screen.getByRole('button', { name: 'Signer le registre de novembre 2026' }));
    expect(await screen.findByText('Registre signé par Anne Leroy le 1er décembre 2026.')).toBeInTheDocument();
    expect(JSON.parse(requestsTo('POST', '/api/v1/attendance/classrooms/7/register/sign-off/')[0]?.body ?? '')).toEqual({
      month: '2026-11',
    });
    expect(screen.queryByRole('button', { name: /^Signer le registre/ })).not.toBeInTheDocument();
  });

  it('offers no sign-off for the month under way', async () => {
    mockDirector({
      'GET /api/v1/schools/classrooms/': () =>
        json(200, page([{ id: 7, name: 'CE2 B', levels: ['CE2'], school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' } }])),
      'GET /api/v1/attendance/classrooms/7/register/': () => json(200, makeRegister({ month: '2026-12' })),
    });
    renderApp('/direction/registre?classe=7&mois=2026-12');

    expect(await screen.findByRole('table', { name: 'Registre d’appel : CE2 B, décembre 2026' }, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Signer le registre/ })).not.toBeInTheDocument();
  });

  it('shows the server’s refusal to sign', async () => {
    mockDirector({
      'GET /api/v1/schools/classrooms/': () =>
        json(200, page([{ id: 7, name: 'CE2 B', levels: ['CE2'], school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' } }])),
      'GET /api/v1/attendance/classrooms/7/register/': () => json(200, makeRegister()),
      'POST /api/v1/attendance/classrooms/7/register/sign-off/': () =>
        apiError(400, 'invalid', 'Ce mois n’est pas dans l’année scolaire 2026-2027.', {
          month: ['Ce mois n’est pas dans l’année scolaire 2026-2027.'],
        }),
    });
    const { user } = renderApp('/direction/registre?classe=7&mois=2026-11');

    await user.click(await screen.findByRole('button', { name: 'Signer le registre de novembre 2026' }, FIRST_LOAD));
    expect(await screen.findByRole('alert')).toHaveTextContent('Ce mois n’est pas dans l’année scolaire 2026-2027.');
  });

  it('moves an L131-8 case forward with a note', async () => {
    let item: AbsenteeismCase = {
      id: 5,
      pupil: { id: 103, first_name: 'Noé', last_name: 'Bernard' },
      classroom: { id: 7, name: 'CE2 B', school_id: 3 },
      month: '2026-11',
      unjustified_half_days: 4,
      case_status: 'open',
      opened_at: '2026-11-24T09:00:00Z',
      family_contacted_on: null,
      reported_on: null,
      closed_on: null,
      notes: '',
    };
    const { requestsTo } = mockDirector({
      'GET /api/v1/attendance/cases/': () => json(200, page([item])),
      'PATCH /api/v1/attendance/cases/5/': () => {
        item = {
          ...item,
          case_status: 'family_contacted',
          family_contacted_on: '2026-11-25',
          notes: '25/11/2026 — Anne Leroy : Famille contactée. Appel téléphonique.',
        };
        return json(200, item);
      },
    });
    const { user } = renderApp('/direction/absenteisme');

    const card = await screen.findByRole('article', { name: 'Noé Bernard (CE2 B) — novembre 2026' }, FIRST_LOAD);
    expect(within(card).getByText('4 demi-journées non justifiées · Statut : Ouvert')).toBeInTheDocument();
    const status = within(card).getByRole('combobox', { name: 'Statut' });
    // Statuses only move forward.
    expect(within(status).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Ouvert',
      'Famille contactée',
      'Signalé au DASEN',
      'Clos',
    ]);
    await user.selectOptions(status, 'Famille contactée');
    await user.type(within(card).getByRole('textbox', { name: /Note/ }), 'Appel téléphonique.');
    await user.click(within(card).getByRole('button', { name: 'Enregistrer' }));

    expect(await within(card).findByText(/Anne Leroy : Famille contactée\. Appel téléphonique\./)).toBeInTheDocument();
    expect(JSON.parse(requestsTo('PATCH', '/api/v1/attendance/cases/5/')[0]?.body ?? '')).toEqual({
      case_status: 'family_contacted',
      note: 'Appel téléphonique.',
    });
    expect(within(card).getByText('4 demi-journées non justifiées · Statut : Famille contactée')).toBeInTheDocument();
    expect(
      within(within(card).getByRole('combobox', { name: 'Statut' })).getAllByRole('option').map((o) => o.textContent),
    ).toEqual(['Famille contactée', 'Signalé au DASEN', 'Clos']);
  });
});
