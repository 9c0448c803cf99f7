import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { DepartementHolidays } from '../../api/types';
import { apiError, json, mockFetch } from '../../test/fetchMock';
import { makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const URL_094 = '/api/v1/schools/departements/3/holidays/';
const dasenMe = makeMe({
  roles: ['dasen'],
  person: { id: 50, first_name: 'Anne', last_name: 'Durand' },
  authority_scopes: [{ role: 'dasen', label: 'DASEN du Val-de-Marne', departement_id: 3 }],
});

function calendar(status: 'unknown' | 'entered' | 'published', holidays: DepartementHolidays['zones'][number]['holidays'] = []) {
  return {
    departement: { id: 3, code: '094', name: 'Val-de-Marne' },
    school_year: '2029-2030',
    zones: [
      {
        zone: 'C' as const,
        status,
        known_until: '2028-08-31',
        notice: status === 'unknown' ? 'calendrier scolaire non publié pour 2029-2030' : '',
        holidays,
      },
    ],
  };
}

describe('HolidaysPage (Calendrier scolaire du département)', () => {
  it('lets the DASEN enter the holidays of a year the ministry has not published', async () => {
    let saved: DepartementHolidays | null = null;
    const mocks = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, dasenMe),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'x' }),
      [`GET ${URL_094}`]: () => json(200, saved ?? calendar('unknown')),
      [`PUT ${URL_094}`]: async (request) => {
        const body = await request.json();
        if (body.periods[0].end_date < body.periods[0].start_date) {
          return apiError(400, 'invalid', 'La fin précède le début.', { 'periods.0.end_date': ['La fin précède le début.'] });
        }
        saved = calendar('entered', body.periods);
        return json(200, saved);
      },
    });
    const { user } = renderApp('/calendrier-scolaire');

    expect(await screen.findByRole('status', { name: 'Calendrier scolaire non publié pour 2029-2030' })).toBeInTheDocument();
    expect(screen.getByText('Non publié')).toBeInTheDocument();
    const period = screen.getByRole('group', { name: 'Période 1' });
    await user.type(within(period).getByLabelText(/Nom/), 'Vacances de la Toussaint');
    await user.type(within(period).getByLabelText(/Premier jour sans classe/), '2029-10-20');
    await user.type(within(period).getByLabelText(/Dernier jour sans classe/), '2029-10-04');
    await user.click(screen.getByRole('button', { name: 'Enregistrer les vacances de la zone C' }));
    expect(await within(period).findByText('La fin précède le début.')).toBeInTheDocument();

    await user.clear(within(period).getByLabelText(/Dernier jour sans classe/));
    await user.type(within(period).getByLabelText(/Dernier jour sans classe/), '2029-11-04');
    await user.click(screen.getByRole('button', { name: 'Enregistrer les vacances de la zone C' }));

    await waitFor(() => expect(screen.getByText('Saisi pour le département')).toBeInTheDocument());
    const puts = mocks.requestsTo('PUT', URL_094);
    expect(JSON.parse(puts[puts.length - 1]!.body)).toEqual({
      school_year: '2029-2030',
      zone: 'C',
      periods: [{ name: 'Vacances de la Toussaint', start_date: '2029-10-20', end_date: '2029-11-04' }],
    });
    expect(screen.queryByRole('status', { name: /non publié pour 2029-2030/ })).not.toBeInTheDocument();

    const results = await axe.run(document, { resultTypes: ['violations'] });
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('shows a published year read-only', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, dasenMe),
      [`GET ${URL_094}`]: () =>
        json(200, calendar('published', [{ name: 'Vacances de Noël', start_date: '2029-12-22', end_date: '2030-01-06' }])),
    });
    renderApp('/calendrier-scolaire');

    expect(await screen.findByText('Publié par le ministère')).toBeInTheDocument();
    expect(screen.getByText(/Vacances de Noël/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Enregistrer/ })).not.toBeInTheDocument();
  });
});
