import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { Me, PeriodicBilan } from '../../api/types';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { directorOfSchool, makeClassroomDetail, teacherOfCe2 } from '../../test/homeworkFixtures';
import { makeBilan, PERIODS } from '../../test/livretFixtures';
import { renderApp } from '../../test/render';

const NOW = new Date('2026-12-04T15:00:00Z');
const NOE = { id: 103, first_name: 'Noé', last_name: 'Petit' };

function mockBilans(me: Me, bilans: () => PeriodicBilan[], routes: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/schools/classrooms/7/': () => json(200, makeClassroomDetail()),
    'GET /api/v1/livret/schools/3/periods/': () => json(200, PERIODS),
    'GET /api/v1/livret/classrooms/7/bilans/': () => json(200, bilans()),
    'GET /api/v1/livret/classrooms/7/parcours/': () =>
      json(200, [{ code: 'PAR_ART', label: 'Parcours d’éducation artistique et culturelle', project: 'Chorale' }]),
    ...routes,
  });
}

const body = (request: { body: string } | undefined) => JSON.parse(request?.body ?? '{}') as unknown;

describe('ClassBilansPage (livret de la classe)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the suggested positionnements and accepts one, or all, in one tap', async () => {
    let bilan = makeBilan();
    const { requestsTo } = mockBilans(teacherOfCe2, () => [bilan, makeBilan({ id: 701, pupil: NOE })], {
      'PATCH /api/v1/livret/bilans/700/': () => {
        bilan = makeBilan({
          domains: bilan.domains.map((d) => (d.domain === 31 ? { ...d, positionnement: 3 } : d)),
        });
        return json(200, bilan);
      },
    });
    const { user } = renderApp('/classes/7/livret');
    expect(await screen.findByRole('heading', { level: 1, name: 'Livret : CE2 B' })).toBeInTheDocument();
    const editor = await screen.findByRole('region', { name: 'Bilan de Léa Martin' });
    const reading = within(editor).getByRole('group', { name: 'Lecture et compréhension de l’écrit' });
    expect(reading).toHaveTextContent('Suggéré par les évaluations : 3 – Objectifs atteints');
    expect(within(editor).getByRole('group', { name: 'Éducation physique et sportive' })).toHaveTextContent(
      'Pas de suggestion',
    );
    expect(within(editor).getByRole('button', { name: 'Accepter les suggestions (2 domaines)' })).toBeInTheDocument();

    await user.click(within(reading).getByRole('button', { name: 'Accepter la suggestion : Lecture et compréhension de l’écrit' }));
    expect(await within(editor).findByText('Suggestion acceptée : Lecture et compréhension de l’écrit.')).toBeInTheDocument();
    expect(body(requestsTo('PATCH', '/api/v1/livret/bilans/700/')[0])).toEqual({
      domains: [{ domain: 31, accept_suggestion: true }],
    });
    expect(within(reading).getByRole('radio', { name: '3 – Objectifs atteints' })).toBeChecked();

    // "Écriture" is suggested 4 but set to 2: accept all sends only what differs.
    await user.click(within(editor).getByRole('button', { name: 'Accepter la suggestion (1 domaine)' }));
    await waitFor(() => expect(requestsTo('PATCH', '/api/v1/livret/bilans/700/')).toHaveLength(2));
    expect(body(requestsTo('PATCH', '/api/v1/livret/bilans/700/')[1])).toEqual({
      domains: [{ domain: 32, accept_suggestion: true }],
    });
  });

  it('sets a positionnement, saves appreciations on leaving the field, and the accompaniments', async () => {
    const { requestsTo } = mockBilans(teacherOfCe2, () => [makeBilan()], {
      'PATCH /api/v1/livret/bilans/700/': () => json(200, makeBilan()),
    });
    const { user } = renderApp('/classes/7/livret');
    const editor = await screen.findByRole('region', { name: 'Bilan de Léa Martin' });
    const sport = within(editor).getByRole('group', { name: 'Éducation physique et sportive' });
    await user.click(within(sport).getByRole('radio', { name: '4 – Objectifs dépassés' }));
    await user.type(within(sport).getByRole('textbox', { name: 'Appréciation : Éducation physique et sportive' }), 'Très engagée.');
    await user.type(within(editor).getByRole('textbox', { name: 'Appréciation générale' }), 'Bon trimestre.');
    await user.click(within(editor).getByRole('checkbox', { name: 'PAP' }));

    await waitFor(() => expect(requestsTo('PATCH', '/api/v1/livret/bilans/700/')).toHaveLength(4));
    expect(requestsTo('PATCH', '/api/v1/livret/bilans/700/').map(body)).toEqual([
      { domains: [{ domain: 50, accept_suggestion: false, positionnement: 4 }] },
      { domains: [{ domain: 50, accept_suggestion: false, appreciation: 'Très engagée.' }] },
      { general_appreciation: 'Bon trimestre.' },
      { accompaniments: [{ code: 'PAP', ppre_complement: '' }] },
    ]);
  });

  it('shows a choice at once, and puts it back when the server refuses it', async () => {
    mockBilans(teacherOfCe2, () => [makeBilan()], {
      'PATCH /api/v1/livret/bilans/700/': () =>
        apiError(400, 'not_draft', 'Seul un bilan en cours de saisie se modifie.', { state: ['Seul un bilan en cours de saisie se modifie.'] }),
    });
    const { user } = renderApp('/classes/7/livret');
    const editor = await screen.findByRole('region', { name: 'Bilan de Léa Martin' });
    const writing = within(editor).getByRole('group', { name: 'Écriture' });
    expect(within(writing).getByRole('radio', { name: '2 – Objectifs partiellement atteints' })).toBeChecked();
    await user.click(within(writing).getByRole('radio', { name: '1 – Objectifs d’apprentissage non atteints' }));
    expect(await within(editor).findByRole('alert')).toHaveTextContent('Seul un bilan en cours de saisie se modifie.');
    await waitFor(() =>
      expect(within(writing).getByRole('radio', { name: '2 – Objectifs partiellement atteints' })).toBeChecked(),
    );
  });

  it('writes the class’s parcours of the period, the whole list at once', async () => {
    const { requestsTo } = mockBilans(teacherOfCe2, () => [makeBilan()], {
      'PUT /api/v1/livret/classrooms/7/parcours/': () => json(200, []),
    });
    const { user } = renderApp('/classes/7/livret');
    const section = await screen.findByRole('region', { name: 'Parcours de la classe pendant la période' });
    expect(await within(section).findByRole('textbox', { name: 'Parcours d’éducation artistique et culturelle' })).toHaveValue(
      'Chorale',
    );
    await user.type(within(section).getByRole('textbox', { name: 'Parcours citoyen' }), 'Conseil d’élèves');
    await user.tab();
    await waitFor(() => expect(requestsTo('PUT', '/api/v1/livret/classrooms/7/parcours/')).toHaveLength(1));
    expect(body(requestsTo('PUT', '/api/v1/livret/classrooms/7/parcours/')[0])).toEqual({
      period: 22,
      parcours: [
        { code: 'PAR_CIT', project: 'Conseil d’élèves' },
        { code: 'PAR_ART', project: 'Chorale' },
      ],
    });
  });

  it('locks, and names the domains left without positionnement when the server refuses', async () => {
    let bilan = makeBilan();
    let refuse = true;
    mockBilans(teacherOfCe2, () => [bilan], {
      'POST /api/v1/livret/bilans/700/lock/': () => {
        if (refuse) {
          return apiError(400, 'invalid', 'Domaines sans positionnement : Lecture et compréhension de l’écrit, Éducation physique et sportive.', {
            domains: ['Lecture et compréhension de l’écrit', 'Éducation physique et sportive'],
          });
        }
        bilan = makeBilan({ state: 'locked', locked_at: '2026-12-04T16:00:00+01:00' });
        return json(200, bilan);
      },
    });
    const { user } = renderApp('/classes/7/livret');
    const editor = await screen.findByRole('region', { name: 'Bilan de Léa Martin' });
    await user.click(within(editor).getByRole('button', { name: 'Verrouiller' }));
    const alert = await within(editor).findByRole('alert');
    expect(alert).toHaveTextContent('Domaines sans positionnement');
    expect(within(alert).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Lecture et compréhension de l’écrit',
      'Éducation physique et sportive',
    ]);

    refuse = false;
    await user.click(within(editor).getByRole('button', { name: 'Verrouiller' }));
    expect(await within(editor).findByText('Bilan verrouillé.')).toBeInTheDocument();
    expect(within(editor).getByRole('button', { name: 'Déverrouiller' })).toBeInTheDocument();
    // Locked: read only.
    expect(within(editor).queryByRole('radio')).not.toBeInTheDocument();
  });

  it('lets the director validate and communicate the class, and see who acknowledged', async () => {
    let state: PeriodicBilan['state'] = 'locked';
    const { requestsTo } = mockBilans(
      directorOfSchool,
      () => [
        makeBilan({
          state,
          acknowledgements:
            state === 'communicated'
              ? [
                  { guardian: { id: 10, first_name: 'Claire', last_name: 'Martin' }, acknowledged_at: '2026-12-05T09:00:00+01:00', comment: 'Merci' },
                  { guardian: { id: 11, first_name: 'Marc', last_name: 'Martin' }, acknowledged_at: null, comment: '' },
                ]
              : [],
        }),
      ],
      {
        'POST /api/v1/livret/classrooms/7/bilans/validate/': () => {
          state = 'validated';
          return json(200, { changed: 1 });
        },
        'POST /api/v1/livret/classrooms/7/bilans/communicate/': () => {
          state = 'communicated';
          return json(200, { changed: 1 });
        },
      },
    );
    const { user } = renderApp('/classes/7/livret');
    const overview = await screen.findByRole('region', { name: 'Bilans de la classe' });
    await user.click(within(overview).getByRole('button', { name: 'Valider les bilans verrouillés (1)' }));
    expect(await within(overview).findByText('1 bilan validé.')).toBeInTheDocument();
    expect(body(requestsTo('POST', '/api/v1/livret/classrooms/7/bilans/validate/')[0])).toEqual({ period: 22 });
    await user.click(await within(overview).findByRole('button', { name: 'Communiquer aux familles (1)' }));
    expect(await within(overview).findByText('1 bilan communiqué aux familles.')).toBeInTheDocument();
    expect(await within(overview).findByRole('row', { name: /Léa Martin/ })).toHaveTextContent('Communiqué1 / 2');

    const editor = screen.getByRole('region', { name: 'Bilan de Léa Martin' });
    const list = within(editor).getByRole('list', { name: 'Prise de connaissance des responsables légaux' });
    expect(within(list).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Claire Martin : a pris connaissance le 5 décembre 2026 — « Merci »',
      'Marc Martin : pas encore',
    ]);
    // The director reads the bilan, never writes it.
    expect(within(editor).queryByRole('radio')).not.toBeInTheDocument();
  });

  it('shows a bilan no longer editable with its accompaniments in text, not as greyed boxes', async () => {
    mockBilans(teacherOfCe2, () => [
      makeBilan({
        state: 'locked',
        accompaniments: [
          { code: 'PAP', label: 'PAP', ppre_complement: '' },
          { code: 'PPRE', label: 'PPRE', ppre_complement: 'Lecture' },
        ],
      }),
      makeBilan({ id: 701, pupil: NOE, state: 'locked' }),
    ]);
    renderApp('/classes/7/livret');
    const editor = await screen.findByRole('region', { name: 'Bilan de Léa Martin' });
    expect(within(editor).queryByRole('checkbox')).not.toBeInTheDocument();
    expect(within(editor).getByText('PAP, PPRE')).toBeInTheDocument();
    expect(within(editor).getByText('Précisions sur le PPRE : Lecture')).toBeInTheDocument();
  });

  it('has no serious or critical axe-core violations', async () => {
    mockBilans(teacherOfCe2, () => [makeBilan({ accompaniments: [{ code: 'PPRE', label: 'PPRE', ppre_complement: 'Lecture' }] })]);
    renderApp('/classes/7/livret');
    await screen.findByRole('region', { name: 'Bilan de Léa Martin' });
    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
