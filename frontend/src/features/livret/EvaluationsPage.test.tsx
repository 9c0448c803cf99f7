import { screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Me } from '../../api/types';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { directorOfSchool, makeClassroomDetail, teacherOfCe2 } from '../../test/homeworkFixtures';
import { makeEvaluation, PERIODS, PROGRAMME } from '../../test/livretFixtures';
import { renderApp } from '../../test/render';
import { page } from '../../test/timetableFixtures';

const NOW = new Date('2026-12-04T15:00:00Z');

function mockEvaluations(me: Me, routes: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/schools/classrooms/7/': () => json(200, makeClassroomDetail()),
    'GET /api/v1/livret/schools/3/periods/': () => json(200, PERIODS),
    'GET /api/v1/livret/classrooms/7/evaluations/': (request) =>
      json(
        200,
        page(
          new URL(request.url).searchParams.get('period') === '22'
            ? [makeEvaluation({ result_count: 5 }), makeEvaluation({ id: 901, title: 'Calcul mental', published_at: '2026-12-02T10:00:00+01:00', elements: [] })]
            : [],
        ),
      ),
    'GET /api/v1/livret/schools/3/programme/': () => json(200, PROGRAMME),
    ...routes,
  });
}

describe('EvaluationsPage (évaluations de la classe)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists the evaluations of the period under way, and of another period on demand', async () => {
    const { requestsTo } = mockEvaluations(teacherOfCe2);
    const { user } = renderApp('/classes/7/evaluations');
    expect(await screen.findByRole('heading', { level: 1, name: 'Évaluations : CE2 B' })).toBeInTheDocument();
    const dictation = await screen.findByRole('article', { name: 'Dictée de décembre' });
    expect(dictation).toHaveTextContent('2 éléments évalués · 5 cases remplies');
    expect(dictation).toHaveTextContent('Non publiée');
    expect(screen.getByRole('article', { name: 'Calcul mental' })).toHaveTextContent('Publiée');
    expect(within(dictation).getByRole('link', { name: 'Saisir la grille : Dictée de décembre' })).toHaveAttribute(
      'href',
      '/evaluations/900/grille',
    );
    expect(screen.getByRole('combobox', { name: 'Période' })).toHaveValue('22');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Période' }), '21');
    expect(await screen.findByText('Aucune évaluation pour cette période.')).toBeInTheDocument();
    expect(requestsTo('GET', '/api/v1/livret/classrooms/7/evaluations/').length).toBeGreaterThanOrEqual(2);
  });

  it('creates an evaluation from the programme of the class’s cycle and opens its grid', async () => {
    const { requestsTo } = mockEvaluations(teacherOfCe2, {
      'POST /api/v1/livret/classrooms/7/evaluations/': () => json(201, makeEvaluation({ id: 950, title: 'Lecture' })),
      'GET /api/v1/livret/evaluations/950/': () => json(200, makeEvaluation({ id: 950, title: 'Lecture' })),
    });
    const { user, currentPath } = renderApp('/classes/7/evaluations');
    await user.click(await screen.findByRole('button', { name: 'Nouvelle évaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nouvelle évaluation' });

    await user.click(within(dialog).getByRole('button', { name: 'Créer et saisir la grille' }));
    expect(within(dialog).getByText('Donnez un titre.')).toBeInTheDocument();
    expect(within(dialog).getByText('Choisissez au moins un élément du programme.')).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/livret/classrooms/7/evaluations/')).toHaveLength(0);

    await user.type(within(dialog).getByRole('textbox', { name: 'Titre' }), 'Lecture');
    await user.click(await within(dialog).findByText('Français'));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Lire à voix haute' }));
    await user.click(within(dialog).getByRole('button', { name: 'Créer et saisir la grille' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Grille : Lecture' })).toBeInTheDocument();
    expect(currentPath()).toBe('/evaluations/950/grille');
    const [post] = requestsTo('POST', '/api/v1/livret/classrooms/7/evaluations/');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({ title: 'Lecture', date: '2026-12-04', elements: [301] });
    expect(requestsTo('GET', '/api/v1/livret/schools/3/programme/')[0]).toBeDefined();
  });

  it('shows the server’s 400 under the field it names', async () => {
    mockEvaluations(directorOfSchool, {
      'POST /api/v1/livret/classrooms/7/evaluations/': () =>
        apiError(400, 'invalid', 'Requête invalide.', { date: ['La date est en dehors de l’année scolaire.'] }),
    });
    const { user } = renderApp('/classes/7/evaluations');
    await user.click(await screen.findByRole('button', { name: 'Nouvelle évaluation' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nouvelle évaluation' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Titre' }), 'Lecture');
    await user.click(await within(dialog).findByText('Mathématiques'));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Calculer mentalement' }));
    await user.click(within(dialog).getByRole('button', { name: 'Créer et saisir la grille' }));
    const date = within(dialog).getByLabelText(/^Date/);
    expect(await within(dialog).findByText('La date est en dehors de l’année scolaire.')).toBeInTheDocument();
    expect(date).toHaveAttribute('aria-invalid', 'true');
  });

  it('has no serious or critical axe-core violations', async () => {
    mockEvaluations(teacherOfCe2);
    const { user } = renderApp('/classes/7/evaluations');
    await screen.findByRole('article', { name: 'Dictée de décembre' });
    await user.click(screen.getByRole('button', { name: 'Nouvelle évaluation' }));
    await screen.findByRole('checkbox', { name: 'Lire à voix haute' });
    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
