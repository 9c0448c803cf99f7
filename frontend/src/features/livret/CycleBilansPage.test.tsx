import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { CycleBilan } from '../../api/types';
import { json, mockFetch } from '../../test/fetchMock';
import { directorOfSchool, makeClassroomDetail, teacherOfCe2 } from '../../test/homeworkFixtures';
import { renderApp } from '../../test/render';

function makeCycleBilan(overrides: Partial<CycleBilan> = {}): CycleBilan {
  return {
    id: 800,
    pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
    classroom: 7,
    state: 'draft',
    locked_at: null,
    validated_at: null,
    communicated_at: null,
    cycle: '2',
    synthesis: '',
    components: [
      { component: 'CPD_FRA', label: 'Comprendre, s’exprimer en utilisant la langue française', mastery: null },
      { component: 'MET_APP', label: 'Les méthodes et outils pour apprendre', mastery: 3 },
    ],
    acknowledgements: [],
    ...overrides,
  };
}

describe('CycleBilansPage (bilans de fin de cycle)', () => {
  it('sets each component’s mastery and the synthesis, then locks', async () => {
    let bilan = makeCycleBilan();
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, teacherOfCe2),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      'GET /api/v1/schools/classrooms/7/': () => json(200, makeClassroomDetail()),
      'GET /api/v1/livret/classrooms/7/cycle-bilans/': () => json(200, [bilan]),
      'PATCH /api/v1/livret/cycle-bilans/800/': () => json(200, bilan),
      'POST /api/v1/livret/cycle-bilans/800/lock/': () => {
        bilan = makeCycleBilan({ state: 'locked' });
        return json(200, bilan);
      },
    });
    const { user } = renderApp('/classes/7/fin-de-cycle');
    expect(await screen.findByRole('heading', { level: 1, name: 'Fin de cycle : CE2 B' })).toBeInTheDocument();
    const editor = await screen.findByRole('region', { name: 'Bilan de fin de cycle 2 de Léa Martin' });
    const french = within(editor).getByRole('radiogroup', { name: 'Comprendre, s’exprimer en utilisant la langue française' });
    await user.click(within(french).getByRole('radio', { name: 'Maîtrise satisfaisante' }));
    await user.type(within(editor).getByRole('textbox', { name: 'Synthèse des acquis' }), 'Des acquis solides.');
    await user.click(within(editor).getByRole('button', { name: 'Verrouiller' }));
    expect(await within(editor).findByText('Bilan verrouillé.')).toBeInTheDocument();
    await waitFor(() => expect(requestsTo('PATCH', '/api/v1/livret/cycle-bilans/800/')).toHaveLength(2));
    expect(requestsTo('PATCH', '/api/v1/livret/cycle-bilans/800/').map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { components: [{ component: 'CPD_FRA', mastery: 3 }] },
      { synthesis: 'Des acquis solides.' },
    ]);
    expect(within(editor).getByText('Maîtrise satisfaisante', { exact: false })).toBeInTheDocument();
  });

  it('lets the director validate a locked one, and has no serious axe-core violation', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, directorOfSchool),
      'GET /api/v1/schools/classrooms/7/': () => json(200, makeClassroomDetail()),
      'GET /api/v1/livret/classrooms/7/cycle-bilans/': () => json(200, [makeCycleBilan({ state: 'locked' })]),
    });
    renderApp('/classes/7/fin-de-cycle');
    const editor = await screen.findByRole('region', { name: 'Bilan de fin de cycle 2 de Léa Martin' });
    expect(within(editor).getByRole('button', { name: 'Valider' })).toBeInTheDocument();
    expect(within(editor).queryByRole('radio')).not.toBeInTheDocument();
    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
