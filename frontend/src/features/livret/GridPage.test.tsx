import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { makeClassroomDetail, teacherOfCe2 } from '../../test/homeworkFixtures';
import { makeEvaluation, makeGrid, SCALE } from '../../test/livretFixtures';
import { renderApp } from '../../test/render';

const NOW = new Date('2026-12-04T15:00:00Z');

function mockGrid(routes: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, teacherOfCe2),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/schools/classrooms/7/': () => json(200, makeClassroomDetail()),
    'GET /api/v1/livret/evaluations/900/': () => json(200, makeEvaluation()),
    'GET /api/v1/livret/schools/3/level-scale/': () => json(200, SCALE),
    'GET /api/v1/livret/evaluations/900/grid/': () => json(200, makeGrid(), { ETag: '"grid-900-1"' }),
    ...routes,
  });
}

const cell = (name: RegExp | string) => screen.getByRole('gridcell', { name });

describe('GridPage (grille d’évaluation)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows pupils × elements, each cell labelled with the pupil, the element and the school’s level', async () => {
    mockGrid();
    renderApp('/evaluations/900/grille');
    expect(await screen.findByRole('heading', { level: 1, name: 'Grille : Dictée de décembre' })).toBeInTheDocument();
    const grid = await screen.findByRole('grid', { name: 'Dictée de décembre' });
    expect(within(grid).getAllByRole('row')).toHaveLength(4);
    expect(within(grid).getByRole('columnheader', { name: /Lire à voix haute/ })).toBeInTheDocument();
    const filled = cell('Noé Petit, Copier un texte : 2 – Partiellement atteint');
    expect(filled).toHaveStyle({ background: '#f9a825' });
    expect(cell('Léa Martin, Lire à voix haute : non renseigné')).toHaveAttribute('tabindex', '0');
  });

  it('is filled with the keyboard only and saved whole with Enter, with the ETag', async () => {
    const saved = makeGrid({
      version: 2,
      cells: [
        { pupil: 101, element: 301, level: 3, absent: false },
        { pupil: 103, element: 301, level: null, absent: true },
        { pupil: 104, element: 301, level: 4, absent: false },
      ],
    });
    const { requestsTo } = mockGrid({
      'PUT /api/v1/livret/evaluations/900/grid/': () => json(200, saved, { ETag: '"grid-900-2"' }),
    });
    const { user } = renderApp('/evaluations/900/grille');
    await screen.findByRole('grid');

    cell(/^Léa Martin, Lire à voix haute/).focus();
    await user.keyboard('3'); // Léa, then the cursor goes down the column
    expect(cell(/^Noé Petit, Lire à voix haute/)).toHaveFocus();
    await user.keyboard('a4'); // Noé absent, Inès 4
    expect(cell('Inès Roux, Lire à voix haute : 4 – Dépassé')).toHaveFocus();
    await user.keyboard('{ArrowRight}{ArrowUp}{Delete}'); // clears Noé's "Copier un texte"
    expect(cell('Noé Petit, Copier un texte : non renseigné')).toBeInTheDocument();
    expect(cell(/^Inès Roux, Copier un texte/)).toHaveFocus();
    expect(screen.getByRole('status')).toHaveTextContent('4 cases modifiées, pas encore enregistrées');

    await user.keyboard('{Enter}');
    expect(await screen.findByText('Grille enregistrée (3 cases remplies).')).toBeInTheDocument();
    const [put] = requestsTo('PUT', '/api/v1/livret/evaluations/900/grid/');
    expect(put?.headers.get('If-Match')).toBe('"grid-900-1"');
    expect(JSON.parse(put?.body ?? '{}')).toEqual({
      cells: [
        { pupil: 101, element: 301, level: 3, absent: false },
        { pupil: 103, element: 301, level: null, absent: true },
        { pupil: 104, element: 301, level: 4, absent: false },
      ],
    });
    expect(cell('Noé Petit, Lire à voix haute : absent·e')).toBeInTheDocument();
  });

  it('cycles a cell through the levels with one tap each (tablet)', async () => {
    mockGrid();
    const { user } = renderApp('/evaluations/900/grille');
    await screen.findByRole('grid');
    await user.click(cell(/^Inès Roux, Copier un texte/));
    expect(cell('Inès Roux, Copier un texte : 1 – Non atteint')).toBeInTheDocument();
    await user.click(cell(/^Inès Roux, Copier un texte/));
    await user.click(cell(/^Inès Roux, Copier un texte/));
    await user.click(cell(/^Inès Roux, Copier un texte/));
    expect(cell('Inès Roux, Copier un texte : 4 – Dépassé')).toBeInTheDocument();
    await user.click(cell(/^Inès Roux, Copier un texte/));
    expect(cell('Inès Roux, Copier un texte : absent·e')).toBeInTheDocument();
    await user.click(cell(/^Inès Roux, Copier un texte/));
    expect(cell('Inès Roux, Copier un texte : non renseigné')).toBeInTheDocument();
  });

  it('shows the cell named by a 400 and keeps what was typed', async () => {
    mockGrid({
      'PUT /api/v1/livret/evaluations/900/grid/': () =>
        apiError(400, 'invalid', 'Élève non inscrit·e dans la classe à la date de l’évaluation.', {
          'cells[1].pupil': ['Élève non inscrit·e dans la classe à la date de l’évaluation.'],
        }),
    });
    const { user } = renderApp('/evaluations/900/grille');
    await screen.findByRole('grid');
    cell(/^Léa Martin, Lire à voix haute/).focus();
    await user.keyboard('2{Enter}');

    const alert = await screen.findByRole('alert');
    // cells[1] is Noé's "Copier un texte" (row by row: Léa's reading, then Noé's writing).
    expect(alert).toHaveTextContent('Noé Petit · Copier un texte : Élève non inscrit·e');
    const named = cell(/^Noé Petit, Copier un texte : 2 – Partiellement atteint — Élève non inscrit·e/);
    expect(named).toHaveAttribute('aria-invalid', 'true');
    await waitFor(() => expect(named).toHaveFocus());
    expect(cell(/^Léa Martin, Lire à voix haute : 2/)).toBeInTheDocument();
  });

  it('says when someone saved the grid meanwhile (412) and reloads it on demand', async () => {
    let version = 1;
    mockGrid({
      'GET /api/v1/livret/evaluations/900/grid/': () =>
        json(
          200,
          version === 1 ? makeGrid() : makeGrid({ version: 2, cells: [{ pupil: 101, element: 301, level: 4, absent: false }] }),
          { ETag: `"grid-900-${version}"` },
        ),
      'PUT /api/v1/livret/evaluations/900/grid/': () =>
        apiError(412, 'precondition_failed', 'La grille a été modifiée entre-temps : rechargez-la avant de l’enregistrer.', {
          'If-Match': ['La grille a été modifiée entre-temps.'],
        }),
    });
    const { user } = renderApp('/evaluations/900/grille');
    await screen.findByRole('grid');
    cell(/^Inès Roux, Lire à voix haute/).focus();
    await user.keyboard('1{Enter}');
    expect(await screen.findByRole('alert')).toHaveTextContent('La grille a été modifiée entre-temps');
    version = 2;
    await user.click(screen.getByRole('button', { name: 'Recharger la grille' }));
    expect(await screen.findByRole('gridcell', { name: 'Léa Martin, Lire à voix haute : 4 – Dépassé' })).toBeInTheDocument();
    expect(cell('Inès Roux, Lire à voix haute : non renseigné')).toBeInTheDocument();
  });

  it('publishes once the grid is saved', async () => {
    const { requestsTo } = mockGrid({
      'POST /api/v1/livret/evaluations/900/publish/': () =>
        json(200, makeEvaluation({ published_at: '2026-12-04T16:00:00+01:00' })),
    });
    const { user } = renderApp('/evaluations/900/grille');
    await screen.findByRole('grid');
    await user.click(cell(/^Inès Roux, Copier un texte/));
    expect(screen.getByRole('button', { name: 'Publier' })).toBeDisabled();
    await user.click(cell(/^Inès Roux, Copier un texte/));
    await user.keyboard('{Delete}');
    await waitFor(() => expect(screen.getByRole('button', { name: 'Publier' })).toBeEnabled());
    await user.click(screen.getByRole('button', { name: 'Publier' }));
    expect(await screen.findByText('Évaluation publiée : les élèves et leurs familles la voient.')).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/livret/evaluations/900/publish/')).toHaveLength(1);
    expect(await screen.findByText('Publiée')).toBeInTheDocument();
  });

  it('has no serious or critical axe-core violations', async () => {
    mockGrid();
    renderApp('/evaluations/900/grille');
    await screen.findByRole('grid');
    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
