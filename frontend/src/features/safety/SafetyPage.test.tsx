import { act, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { MusterSummary } from '../../api/types';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { apiError, json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import {
  directorOfJulesFerry,
  makeExercises,
  makeMuster,
  makeSummary,
  MUSTER_ID,
  STARTED_AT,
  teacherOfCe2B,
} from '../../test/safetyFixtures';

const REGISTER = '/api/v1/safety/schools/3/musters/';
const FIRST_LOAD = { timeout: 20_000 };

async function seriousViolations(): Promise<string[]> {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The texts of a table row's cells, header cells included. */
const cellsOf = (row: HTMLElement) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent);

const page = (results: MusterSummary[]) => json(200, { count: results.length, next: null, previous: null, results });

describe('SafetyPage (Sécurité)', () => {
  it('starts a muster of the chosen kind after a confirmation, then opens its list', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, teacherOfCe2B),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      [`GET ${REGISTER}`]: () => page([makeSummary()]),
      [`POST ${REGISTER}`]: () =>
        json(201, makeMuster({ kind: 'ppms_intrusion', kind_label: 'PPMS attentat-intrusion', is_drill: false })),
      [`GET /api/v1/safety/musters/${MUSTER_ID}/`]: () =>
        json(200, makeMuster({ kind: 'ppms_intrusion', kind_label: 'PPMS attentat-intrusion', is_drill: false })),
    });
    const { user, currentPath } = renderApp('/securite');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sécurité' }, FIRST_LOAD)).toBeInTheDocument();
    const form = await screen.findByRole('region', { name: 'Déclencher un exercice ou une alerte' });
    expect(within(form).getByRole('radio', { name: 'Évacuation incendie' })).toBeChecked();
    expect(within(form).getByRole('radio', { name: 'PPMS risques majeurs' })).not.toBeChecked();
    expect(within(form).getByRole('radio', { name: 'Exercice' })).toBeChecked();
    await user.click(within(form).getByRole('radio', { name: 'PPMS attentat-intrusion' }));
    await user.click(within(form).getByRole('radio', { name: 'Alerte réelle' }));
    await user.click(within(form).getByRole('button', { name: 'Déclencher' }));

    // Nothing is sent before the confirmation, which says what is started.
    const confirmation = within(form).getByRole('group', { name: 'Confirmer le déclenchement' });
    expect(confirmation).toHaveFocus();
    expect(confirmation).toHaveTextContent('Déclencher une ALERTE RÉELLE « PPMS attentat-intrusion » ?');
    expect(requestsTo('POST', REGISTER)).toHaveLength(0);
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(confirmation).getByRole('button', { name: 'Oui, déclencher' }));

    await waitFor(() => expect(currentPath()).toBe(`/securite/rassemblement/${MUSTER_ID}`));
    expect(JSON.parse(requestsTo('POST', REGISTER)[0]?.body ?? '')).toEqual({ kind: 'ppms_intrusion', is_drill: false });
    expect(await screen.findByRole('heading', { level: 1, name: 'PPMS attentat-intrusion' })).toBeInTheDocument();
  });

  it('links to the muster under way instead of the form, above the register and its PDF', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, directorOfJulesFerry),
      [`GET ${REGISTER}`]: () =>
        page([
          makeSummary({
            id: MUSTER_ID,
            kind: 'fire',
            kind_label: 'Évacuation incendie',
            started_at: STARTED_AT,
            ended_at: null,
            observations: '',
          }),
          makeSummary(),
        ]),
    });
    renderApp('/securite');

    const link = await screen.findByRole('link', { name: 'Ouvrir la liste des élèves' }, FIRST_LOAD);
    expect(link).toHaveAttribute('href', `/securite/rassemblement/${MUSTER_ID}`);
    expect(screen.queryByRole('button', { name: 'Déclencher' })).not.toBeInTheDocument();
    expect(screen.getByText('Exercice en cours')).toBeInTheDocument();

    const register = screen.getByRole('table', { name: 'Registre de sécurité' });
    const rows = within(register).getAllByRole('row');
    expect(rows.map(cellsOf)).toEqual([
      ['Date', 'Type', 'Nature', 'Début', 'Fin', 'Durée', 'Attendus', 'Retrouvés', 'Manquants', 'Observations'],
      ['1er décembre 2026', 'Évacuation incendie', 'Exercice', '10\u00a0h', 'en cours', '', '54', '54', '0', ''],
      [
        '17 novembre 2026',
        'PPMS risques majeurs',
        'Exercice',
        '10\u00a0h',
        '10\u00a0h\u00a012',
        '12 min',
        '54',
        '54',
        '0',
        'Alarme inaudible dans le préau',
      ],
    ]);
    expect(screen.getByRole('link', { name: 'Télécharger le registre (PDF)' })).toHaveAttribute(
      'href',
      '/api/v1/safety/schools/3/register.pdf',
    );
    // A director also reaches the year's count the inspection reads.
    expect(screen.getByRole('link', { name: 'Exercices obligatoires de l’année' })).toHaveAttribute('href', '/securite/exercices');
    expect(await seriousViolations()).toEqual([]);
  });

  it('after a 409 (one already under way), shows the link to the one under way', async () => {
    let started = false;
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, teacherOfCe2B),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      [`GET ${REGISTER}`]: () => page(started ? [makeSummary({ id: MUSTER_ID, ended_at: null })] : []),
      [`POST ${REGISTER}`]: () => {
        started = true;
        return apiError(409, 'muster_under_way', 'Un exercice ou une alerte est déjà en cours dans cette école.');
      },
    });
    const { user } = renderApp('/securite');

    expect(await screen.findByText('Aucun exercice ni alerte enregistré pour l’instant.', {}, FIRST_LOAD)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Déclencher' }));
    await user.click(screen.getByRole('button', { name: 'Oui, déclencher' }));
    expect(await screen.findByRole('link', { name: 'Ouvrir la liste des élèves' })).toHaveAttribute(
      'href',
      `/securite/rassemblement/${MUSTER_ID}`,
    );
  });

  it('shows every staff page a banner as soon as a drill starts, linking to its list', async () => {
    let underWay = false;
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, teacherOfCe2B),
      [`GET ${REGISTER}`]: () => page(underWay ? [makeSummary({ id: MUSTER_ID, kind: 'fire', ended_at: null })] : []),
    });
    renderApp('/securite');
    await screen.findByRole('button', { name: 'Déclencher' }, FIRST_LOAD);
    expect(screen.queryByRole('link', { name: 'Ouvrir la liste' })).not.toBeInTheDocument();

    act(() => FakeWebSocket.latest()?.open());
    underWay = true;
    act(() =>
      FakeWebSocket.latest()?.receive({
        type: 'safety.muster_started',
        muster_id: MUSTER_ID,
        school_id: 3,
        kind: 'fire',
        is_drill: true,
      }),
    );

    const open = await screen.findByRole('link', { name: 'Ouvrir la liste' });
    expect(open).toHaveAttribute('href', `/securite/rassemblement/${MUSTER_ID}`);
    expect(open.closest('[role="status"]')).toHaveTextContent('Exercice en cours : Évacuation incendie');
  });

  it('gives a real alert a banner that interrupts (role alert)', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, directorOfJulesFerry),
      [`GET ${REGISTER}`]: () => page([makeSummary({ id: MUSTER_ID, kind: 'fire', is_drill: false, ended_at: null })]),
    });
    renderApp('/moi');
    const open = await screen.findByRole('link', { name: 'Ouvrir la liste' }, FIRST_LOAD);
    expect(open.closest('[role="alert"]')).toHaveTextContent('ALERTE en cours : Évacuation incendie');
  });
});

describe('ExercisesPage (Exercices de sécurité)', () => {
  it('gives each school its drills done of those required, the first month, and « Complet » in words', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, { ...directorOfJulesFerry, roles: ['inspector'], schools: [] }),
      'GET /api/v1/safety/exercises/': () => json(200, makeExercises()),
    });
    renderApp('/securite/exercices');

    const table = await screen.findByRole('table', { name: 'Exercices de l’année scolaire 2026-2027' }, FIRST_LOAD);
    const rows = within(table).getAllByRole('row');
    expect(rows.map(cellsOf)).toEqual([
      ['École', 'Évacuation incendie', 'PPMS risques majeurs', 'PPMS attentat-intrusion', 'État'],
      ['École Jules Ferry (0940123A)', '2 sur 2dont un dans le premier mois : oui', '1 sur 1', '1 sur 1', 'Complet'],
      ['École Paul Langevin (0940124B)', '1 sur 2dont un dans le premier mois : non', '0 sur 1', '0 sur 1', 'Incomplet'],
    ]);
    expect(screen.getByText(/Les alertes réelles ne comptent pas/)).toBeInTheDocument();
    expect(await seriousViolations()).toEqual([]);
  });
});
