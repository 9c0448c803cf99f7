import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { page, SCHOOL } from '../../test/timetableFixtures';

const director = makeMe({
  display_name: 'Anne Directrice',
  roles: ['director'],
  schools: [{ ...SCHOOL, commune_name: 'Vitry-sur-Seine', role: 'director' }],
});

describe('SchoolTimetablesPage (Emplois du temps)', () => {
  it('lists the school’s classrooms with a link to each editor, and records a closure', async () => {
    let closures: unknown[] = [];
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, director),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'tok' }),
      'GET /api/v1/schools/classrooms/': () =>
        json(
          200,
          page([
            {
              id: 7,
              name: 'CE2 B',
              levels: ['CE2'],
              school: SCHOOL,
              school_year: '2026-2027',
              teachers: [{ id: 50, first_name: 'Paul', last_name: 'Durand' }],
              pupil_count: 24,
            },
          ]),
        ),
      'GET /api/v1/timetable/schools/3/closures/': () => json(200, page(closures)),
      'GET /api/v1/timetable/schools/3/events/': () => json(200, page([])),
      'POST /api/v1/timetable/schools/3/closures/': (request) =>
        request.json().then((body: { start_date: string }) => {
          if (body.start_date < '2026-12-01') {
            return apiError(400, 'invalid', 'La fin de la fermeture précède son début.', {
              end_date: ['La fin de la fermeture précède son début.'],
            });
          }
          closures = [{ id: 1, school_id: 3, ...body }];
          return json(201, closures[0]);
        }),
    });
    const { user } = renderApp('/emplois-du-temps');

    expect(await screen.findByRole('heading', { level: 1, name: 'Emplois du temps' })).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: 'Emploi du temps de la classe CE2 B' });
    expect(link).toHaveAttribute('href', '/classes/7/emploi-du-temps');
    expect(screen.getByText('Enseignant·e : Paul Durand')).toBeInTheDocument();
    expect(screen.getByText('24 élèves')).toBeInTheDocument();
    const schoolQuery = requestsTo('GET', '/api/v1/schools/classrooms/');
    expect(schoolQuery).toHaveLength(1);

    const closuresPanel = screen.getByRole('region', { name: 'Fermetures de l’école' });
    await user.type(within(closuresPanel).getByLabelText(/^Premier jour/), '2026-11-20');
    await user.type(within(closuresPanel).getByLabelText(/^Dernier jour/), '2026-11-19');
    await user.type(within(closuresPanel).getByLabelText(/^Motif/), 'Travaux');
    await user.click(within(closuresPanel).getByRole('button', { name: 'Enregistrer la fermeture' }));
    await waitFor(() =>
      expect(within(closuresPanel).getByLabelText(/^Dernier jour/)).toHaveAccessibleDescription(
        'La fin de la fermeture précède son début.',
      ),
    );

    const start = within(closuresPanel).getByLabelText(/^Premier jour/);
    await user.clear(start);
    await user.type(start, '2026-12-10');
    const end = within(closuresPanel).getByLabelText(/^Dernier jour/);
    await user.clear(end);
    await user.type(end, '2026-12-11');
    await user.click(within(closuresPanel).getByRole('button', { name: 'Enregistrer la fermeture' }));
    expect(await within(closuresPanel).findByText('Travaux')).toBeInTheDocument();
    expect(within(closuresPanel).getByText('Du jeudi 10 décembre 2026 au vendredi 11 décembre 2026')).toBeInTheDocument();
  });
});
