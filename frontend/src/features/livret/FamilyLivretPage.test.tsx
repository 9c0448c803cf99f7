import { act, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { ChildEvaluation } from '../../api/types';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { familyBilans, makeChildEvaluation, makeFamilyBilan } from '../../test/livretFixtures';
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
      'GET /api/v1/livret/children/101/bilans/': () => json(200, familyBilans()),
      'GET /api/v1/livret/children/102/bilans/': () => json(200, familyBilans()),
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
      'GET /api/v1/livret/children/101/bilans/': () => json(200, familyBilans()),
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

  it('shows a communicated bilan, its PDF, and acknowledges it with a comment', async () => {
    let bilan = makeFamilyBilan();
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      'GET /api/v1/livret/pupils/101/evaluations/': () => json(200, page([])),
      'GET /api/v1/livret/children/101/bilans/': () => json(200, familyBilans([bilan])),
      'POST /api/v1/livret/bilans/700/acknowledge/': () => {
        bilan = makeFamilyBilan({ own_acknowledgement: { acknowledged_at: '2027-03-11T08:00:00+01:00', comment: 'Merci !' } });
        return json(200, bilan.own_acknowledgement);
      },
    });
    const { user } = renderApp('/livret');
    const card = await screen.findByRole('article', { name: 'Trimestre 2 · CE2 B' });
    expect(card).toHaveTextContent('École Jules Ferry · communiqué le 10 mars 2027');
    expect(within(card).getByRole('row', { name: /Lecture/ })).toHaveTextContent('3 – Objectifs atteintsLit avec aisance.');
    expect(card).toHaveTextContent('Un bon trimestre.');
    expect(within(card).getByRole('link', { name: 'Télécharger le livret (PDF)' })).toHaveAttribute(
      'href',
      '/api/v1/livret/bilans/700/pdf/',
    );
    expect(card).not.toHaveTextContent('PPRE');

    await user.type(within(card).getByRole('textbox', { name: 'Commentaire (facultatif)' }), 'Merci !');
    await user.click(within(card).getByRole('button', { name: 'J’ai pris connaissance' }));
    expect(await within(card).findByText('Vous en avez pris connaissance le 11 mars 2027.')).toBeInTheDocument();
    expect(card).toHaveTextContent('Votre commentaire : « Merci ! »');
    expect(JSON.parse(requestsTo('POST', '/api/v1/livret/bilans/700/acknowledge/')[0]?.body ?? '{}')).toEqual({
      comment: 'Merci !',
    });
  });

  it('says when a bilan arrives live, and shows it', async () => {
    let bilans = familyBilans();
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/livret/pupils/101/evaluations/': () => json(200, page([])),
      'GET /api/v1/livret/children/101/bilans/': () => json(200, bilans),
    });
    const { user } = renderApp('/livret');
    expect(await screen.findByText('Aucun bilan communiqué pour le moment.')).toBeInTheDocument();
    act(() => FakeWebSocket.latest()?.open());
    bilans = familyBilans([makeFamilyBilan()]);
    act(() =>
      FakeWebSocket.latest()?.receive({
        type: 'livret.bilan_communicated',
        kind: 'periodic',
        bilan_id: 700,
        pupil_id: 101,
        period_id: 22,
      }),
    );
    expect(await screen.findByRole('article', { name: 'Trimestre 2 · CE2 B' })).toBeInTheDocument();
    expect(screen.getByText('Un nouveau bilan est arrivé. (Léa)')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Fermer' }));
    expect(screen.queryByText(/Un nouveau bilan est arrivé/)).not.toBeInTheDocument();
  });

  it('has no serious or critical axe-core violations', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/livret/pupils/101/evaluations/': () => json(200, page([makeChildEvaluation()])),
      'GET /api/v1/livret/children/101/bilans/': () => json(200, familyBilans([makeFamilyBilan()])),
    });
    renderApp('/livret');
    await screen.findByRole('article', { name: 'Dictée de décembre' });
    await screen.findByRole('button', { name: 'J’ai pris connaissance' });
    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
