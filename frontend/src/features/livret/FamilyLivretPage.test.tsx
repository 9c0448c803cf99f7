import { act, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ChildEvaluation } from '../../api/types';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { makeChildEvaluation } from '../../test/livretFixtures';
import { renderApp } from '../../test/render';
import { page } from '../../test/timetableFixtures';

const NOW = new Date('2026-12-04T15:00:00Z');

describe('FamilyLivretPage (livret des familles)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
    vi.stubGlobal('WebSocket', FakeWebSocket);
    FakeWebSocket.reset();
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('shows each child’s published evaluations with the child’s levels in the school’s labels', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/livret/pupils/101/evaluations/': () => json(200, page([makeChildEvaluation()])),
      'GET /api/v1/livret/pupils/102/evaluations/': () => json(200, page([])),
    });
    const { user } = renderApp('/livret');
    expect(await screen.findByRole('heading', { level: 1, name: 'Livret' })).toBeInTheDocument();
    const dictation = await screen.findByRole('article', { name: 'Dictée de décembre' });
    const reading = within(dictation).getByRole('row', { name: /Lire à voix haute/ });
    expect(reading).toHaveTextContent('3 – Atteint');
    expect(within(dictation).getByRole('row', { name: /Copier un texte/ })).toHaveTextContent('absent·e');

    await user.click(screen.getByRole('radio', { name: 'Hugo' }));
    expect(await screen.findByText('Aucune évaluation publiée pour le moment.')).toBeInTheDocument();
  });

  it('shows a pupil their own evaluations, and a new one when it is published (live)', async () => {
    let evaluations: ChildEvaluation[] = [];
    const pupil = makeMe({ roles: ['pupil'], person: { id: 101, first_name: 'Léa', last_name: 'Martin' } });
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, pupil),
      'GET /api/v1/livret/pupils/101/evaluations/': () => json(200, page(evaluations)),
    });
    renderApp('/livret');
    expect(await screen.findByText('Aucune évaluation publiée pour le moment.')).toBeInTheDocument();
    act(() => FakeWebSocket.latest()?.open());
    evaluations = [makeChildEvaluation()];
    act(() =>
      FakeWebSocket.latest()?.receive({
        type: 'livret.evaluation_published',
        evaluation_id: 900,
        classroom_id: 7,
        date: '2026-12-03',
      }),
    );
    expect(await screen.findByRole('article', { name: 'Dictée de décembre' })).toBeInTheDocument();
  });

  it('has no serious or critical axe-core violations', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/livret/pupils/101/evaluations/': () => json(200, page([makeChildEvaluation()])),
    });
    renderApp('/livret');
    await screen.findByRole('article', { name: 'Dictée de décembre' });
    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
