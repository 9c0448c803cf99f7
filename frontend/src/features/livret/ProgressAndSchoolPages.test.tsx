import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { makeMe } from '../../test/fixtures';
import { directorOfSchool, makeClassroomDetail } from '../../test/homeworkFixtures';
import { PERIODS, PROGRESS, SCALE } from '../../test/livretFixtures';
import { renderApp } from '../../test/render';
import { page } from '../../test/timetableFixtures';

const inspector = makeMe({ roles: ['inspector'], person: { id: 90, first_name: 'Inès', last_name: 'Pecteur' } });

describe('ProgressPage (avancement du livret, IEN / DASEN)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-04T15:00:00Z'));
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the counts per school and class for the chosen period, and refreshes them', async () => {
    let counts = PROGRESS;
    const { requests } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, inspector),
      'GET /api/v1/livret/progress/': () => json(200, page(counts)),
    });
    const { user } = renderApp('/tableau-de-bord/livret');
    expect(await screen.findByRole('heading', { level: 1, name: 'Avancement du livret' })).toBeInTheDocument();
    const school = await screen.findByRole('region', { name: 'École Jules Ferry (0940123A)' });
    const cells = () => within(within(school).getByRole('row', { name: /CE2 B/ })).getAllByRole('cell').map((c) => c.textContent);
    // Bilans, en cours, verrouillés, validés, communiqués, signés.
    expect(cells()).toEqual(['25', '20', '3', '0', '2', '1']);
    expect(within(school).getAllByRole('columnheader').map((c) => c.textContent)).toEqual([
      'Classe',
      'Bilans',
      'En cours',
      'Verrouillés',
      'Validés',
      'Communiqués',
      'Signés',
    ]);

    counts = [{ ...PROGRESS[0]!, classrooms: [{ ...PROGRESS[0]!.classrooms[0]!, acknowledged: 2 }] }];
    await user.click(screen.getByRole('button', { name: 'Actualiser' }));
    await waitFor(() => expect(cells()).toEqual(['25', '20', '3', '0', '2', '2']));

    // In December the second period is shown first (trimesters); another on demand.
    expect(screen.getByRole('radio', { name: 'Période 2' })).toBeChecked();
    await user.click(screen.getByRole('radio', { name: 'Période 3' }));
    await waitFor(() =>
      expect(requests.filter((r) => r.path === '/api/v1/livret/progress/').map((r) => r.method)).toHaveLength(3),
    );
  });

  it('has no serious or critical axe-core violations', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, inspector),
      'GET /api/v1/livret/progress/': () => json(200, page(PROGRESS)),
    });
    renderApp('/tableau-de-bord/livret');
    await screen.findByRole('region', { name: 'École Jules Ferry (0940123A)' });
    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});

describe('SchoolLivretPage (livret de l’école, direction)', () => {
  it('links each class of the school to its evaluations and its livret', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, directorOfSchool),
      'GET /api/v1/schools/classrooms/': () => json(200, page([makeClassroomDetail()])),
      'GET /api/v1/livret/schools/3/periods/': () => json(200, PERIODS),
      'GET /api/v1/livret/schools/3/level-scale/': () => json(200, SCALE),
    });
    renderApp('/direction/livret');
    const links = await screen.findByRole('navigation', { name: 'Pages de la classe CE2 B' });
    expect(within(links).getByRole('link', { name: 'Livret : CE2 B' })).toHaveAttribute('href', '/classes/7/livret');
    expect(within(links).getByRole('link', { name: 'Évaluations : CE2 B' })).toHaveAttribute('href', '/classes/7/evaluations');
  });

  it('sets the year’s periods, and shows a refused date under its field', async () => {
    let refuse = true;
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, directorOfSchool),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      'GET /api/v1/schools/classrooms/': () => json(200, page([])),
      'GET /api/v1/livret/schools/3/periods/': () => json(200, { ...PERIODS, scheme: null, periods: [] }),
      'GET /api/v1/livret/schools/3/level-scale/': () => json(200, SCALE),
      'PUT /api/v1/livret/schools/3/periods/': () =>
        refuse
          ? apiError(400, 'invalid', 'Une période commence le lendemain de la fin de la précédente.', {
              'periods[1].start_date': ['Une période commence le lendemain de la fin de la précédente.'],
            })
          : json(200, { ...PERIODS, periods: PERIODS.periods.slice(0, 2), scheme: 'semesters' }),
    });
    const { user } = renderApp('/direction/livret');
    const form = await screen.findByRole('form', { name: 'Périodes de l’année' });
    await user.click(within(form).getByRole('radio', { name: 'Semestres' }));
    const fill = async (label: string, value: string) => {
      const input = within(form).getByLabelText(new RegExp(`^${label}`));
      await user.clear(input);
      await user.type(input, value);
    };
    await fill('Période 1 : début', '2026-09-01');
    await fill('Période 1 : fin', '2027-01-31');
    await fill('Période 2 : début', '2027-02-02');
    await fill('Période 2 : fin', '2027-07-03');
    await user.click(within(form).getByRole('button', { name: 'Enregistrer les périodes' }));
    expect(await within(form).findAllByText('Une période commence le lendemain de la fin de la précédente.')).not.toHaveLength(0);
    expect(within(form).getByLabelText(/^Période 2 : début/)).toHaveAttribute('aria-invalid', 'true');
    expect(JSON.parse(requestsTo('PUT', '/api/v1/livret/schools/3/periods/')[0]?.body ?? '{}')).toEqual({
      school_year: 1,
      scheme: 'semesters',
      periods: [
        { start_date: '2026-09-01', end_date: '2027-01-31' },
        { start_date: '2027-02-02', end_date: '2027-07-03' },
      ],
    });
    refuse = false;
    await fill('Période 2 : début', '2027-02-01');
    await user.click(within(form).getByRole('button', { name: 'Enregistrer les périodes' }));
    expect(await screen.findByText('Périodes enregistrées.')).toBeInTheDocument();
    expect(requestsTo('PUT', '/api/v1/livret/schools/3/periods/')).toHaveLength(2);
    expect(screen.getByRole('form', { name: 'Périodes de l’année' })).toBeInTheDocument();
  });

  it('sets the school’s labels and colours of the evaluation scale', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, directorOfSchool),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      'GET /api/v1/schools/classrooms/': () => json(200, page([])),
      'GET /api/v1/livret/schools/3/periods/': () => json(200, PERIODS),
      'GET /api/v1/livret/schools/3/level-scale/': () => json(200, SCALE),
      'PUT /api/v1/livret/schools/3/level-scale/': (request) =>
        request.clone().json().then((body: typeof SCALE) => json(200, { ...body, is_default: false })),
    });
    const { user } = renderApp('/direction/livret');
    const form = await screen.findByRole('form', { name: 'Échelle des évaluations' });
    const label = within(form).getByRole('textbox', { name: 'Niveau 4 : libellé' });
    await user.clear(label);
    await user.type(label, 'Expert');
    await user.click(within(form).getByRole('button', { name: 'Enregistrer l’échelle' }));
    expect(await screen.findByText('Échelle enregistrée.')).toBeInTheDocument();
    expect(JSON.parse(requestsTo('PUT', '/api/v1/livret/schools/3/level-scale/')[0]?.body ?? '{}')).toEqual({
      labels: ['Non atteint', 'Partiellement atteint', 'Atteint', 'Expert'],
      colours: SCALE.colours,
    });
  });
});
