import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';

import { changeLanguage } from '../../shared/i18n';
import { directorOfJulesFerry } from '../../test/attendanceFixtures';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import type { AuditEvent } from './api';

const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });

const failedLogin: AuditEvent = {
  id: 7,
  created_at: '2026-11-24T08:05:09Z',
  kind: 'login_failed',
  actor_id: null,
  username: 'marie.curie',
  actor_name: '',
  method: 'POST',
  path: '/api/v1/accounts/login/',
  object_ref: '',
  sign_in_method: '',
  ip_address: '203.0.113.7',
  user_agent: 'Mozilla/5.0 Firefox/140.0',
  schools: [{ id: 3, name: 'École Jules Ferry' }],
};
const authorityRead: AuditEvent = {
  ...failedLogin,
  id: 8,
  kind: 'authority_read',
  actor_id: 40,
  username: 'ien.durand',
  actor_name: 'Paul Durand',
  method: 'GET',
  path: '/api/v1/authority/schools/<id:school_id>/pupils/',
  object_ref: 'access_log=3 pupil_list',
  ip_address: null,
};

function mockDirector(events: Handler) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, directorOfJulesFerry),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/audit/events/': events,
  });
}

async function noBlockingViolations() {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const FIRST_LOAD = { timeout: 20_000 };

describe('Audit log page', () => {
  afterEach(async () => {
    await changeLanguage('fr');
  });

  it('lists who did what, when and from where, and filters by event and username', async () => {
    const queries: URLSearchParams[] = [];
    mockDirector((request) => {
      const query = new URL(request.url).searchParams;
      queries.push(query);
      return json(200, page(query.get('kind') === 'login_failed' ? [failedLogin] : [failedLogin, authorityRead]));
    });
    const { user } = renderApp('/direction/journal');

    const table = await screen.findByRole('table', { name: 'Journal d’audit' }, FIRST_LOAD);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]!).getByText('Échec de connexion')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('marie.curie')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('203.0.113.7')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('24/11/2026 09:05:09')).toBeInTheDocument(); // Paris time
    expect(within(rows[2]!).getByText('Consultation par une autorité')).toBeInTheDocument();
    expect(within(rows[2]!).getByText('Paul Durand')).toBeInTheDocument();
    // In words, not the API's routes.
    expect(within(rows[1]!).getByText('Tentative avec l’identifiant « marie.curie », refusée.')).toBeInTheDocument();
    expect(
      within(rows[2]!).getByText('Paul Durand a consulté la liste des élèves (R131-3) (École Jules Ferry).'),
    ).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Journal d’audit' })).queryByText(/\/api\/v1\//)).not.toBeInTheDocument();
    expect(screen.getByText('2 événements')).toBeInTheDocument();
    expect(await noBlockingViolations()).toEqual([]);

    await user.selectOptions(screen.getByLabelText('Événement'), 'login_failed');
    await user.type(screen.getByLabelText('Identifiant'), 'marie.curie');
    await user.click(screen.getByRole('button', { name: 'Filtrer' }));

    await waitFor(() => expect(screen.getByText('1 événement')).toBeInTheDocument());
    const last = queries.at(-1)!;
    expect(last.get('kind')).toBe('login_failed');
    expect(last.get('username')).toBe('marie.curie');
    expect(last.get('page')).toBe('1');
  });

  it('shows a director who did what and when, with no address or browser column', async () => {
    // The API gives a director's events without ip_address and user_agent.
    const { ip_address: _ip, user_agent: _agent, ...withoutConnection } = failedLogin;
    mockDirector(() => json(200, page([withoutConnection as AuditEvent])));
    renderApp('/direction/journal');

    const table = await screen.findByRole('table', { name: 'Journal d’audit' }, FIRST_LOAD);
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]!).getByText('marie.curie')).toBeInTheDocument();
    expect(within(rows[1]!).getByText('24/11/2026 09:05:09')).toBeInTheDocument();
    expect(within(table).queryByRole('columnheader', { name: 'Depuis' })).not.toBeInTheDocument();
    expect(within(table).queryByText('inconnu')).not.toBeInTheDocument();
    expect(await noBlockingViolations()).toEqual([]);
  });

  it('is in English too, and says so when nothing matches', async () => {
    await changeLanguage('en');
    mockDirector(() => json(200, page([])));
    renderApp('/direction/journal');
    expect(await screen.findByRole('heading', { name: 'Audit log' }, FIRST_LOAD)).toBeInTheDocument();
    expect(await screen.findByText('No event for these criteria.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Audit log' })).toHaveAttribute('href', '/direction/journal');
  });

  it('shows the error and a retry button when the log cannot be read', async () => {
    mockDirector(() => apiError(400, 'invalid', 'date_to : La date de fin précède la date de début.'));
    renderApp('/direction/journal');
    expect(await screen.findByRole('alert', {}, FIRST_LOAD)).toHaveTextContent('La date de fin précède');
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeInTheDocument();
  });
});
