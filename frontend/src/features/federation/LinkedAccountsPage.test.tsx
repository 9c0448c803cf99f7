import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { LinkedIdentity } from '../../api/types';
import { directorOfJulesFerry } from '../../test/attendanceFixtures';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const page = <T,>(results: T[]) => ({ count: results.length, next: null, previous: null, results });

const CLAIRE: LinkedIdentity = {
  id: 41,
  person_id: 10,
  person_name: 'Claire Martin',
  username: 'claire.martin',
  role: 'guardian',
  protocol: 'saml',
  provider: 'educonnect',
  provider_label: 'EduConnect',
  linked_at: '2026-11-30T17:45:00Z',
  linked_how: 'invitation_code',
};
const MARIE: LinkedIdentity = {
  id: 42,
  person_id: 21,
  person_name: 'Marie Curie',
  username: 'marie.curie',
  role: 'teacher',
  protocol: 'saml',
  provider: 'academie',
  provider_label: 'Agents de l’académie',
  linked_at: '2026-11-02T08:00:00Z',
  linked_how: 'email',
};

/** The first screen waits for the lazily loaded page (slow on a busy machine). */
const FIRST_LOAD = { timeout: 20_000 };

function mockDirector(routes: Record<string, Handler>) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, directorOfJulesFerry),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    ...routes,
  });
}

async function noBlockingViolations() {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('LinkedAccountsPage (/direction/comptes-relies)', () => {
  it('lists who is linked, to which provider, when and how', async () => {
    mockDirector({ 'GET /api/v1/federation/schools/3/identities/': () => json(200, page([CLAIRE, MARIE])) });
    renderApp('/direction/comptes-relies');

    expect(await screen.findByRole('heading', { level: 1, name: 'Comptes reliés' }, FIRST_LOAD)).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Comptes reliés' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(2);
    const cells = (row: HTMLElement) =>
      Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent);
    expect(cells(rows[0]!)).toEqual([
      'Claire Martinclaire.martin',
      'Responsable légal',
      'EduConnect',
      '30 nov. 2026',
      'Par le code de la lettre d’invitation',
      'Délier',
    ]);
    expect(cells(rows[1]!)).toEqual(
      expect.arrayContaining(['Agents de l’académie', 'Automatiquement, par l’adresse académique']),
    );
    expect(screen.getByText('2 comptes reliés')).toBeInTheDocument();
    // The director's navigation leads here.
    expect(screen.getByRole('link', { name: 'Comptes reliés' })).toHaveAttribute('href', '/direction/comptes-relies');
  });

  it('unlinks after a confirmation, and says so', async () => {
    let linked = [CLAIRE, MARIE];
    const { requestsTo } = mockDirector({
      'GET /api/v1/federation/schools/3/identities/': () => json(200, page(linked)),
      'DELETE /api/v1/federation/identities/41/': () => {
        linked = [MARIE];
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderApp('/direction/comptes-relies');
    const table = await screen.findByRole('table', { name: 'Comptes reliés' }, FIRST_LOAD);

    await user.click(within(table).getByRole('button', { name: 'Délier le compte EduConnect de Claire Martin' }));
    const dialog = await screen.findByRole('dialog', { name: 'Délier le compte EduConnect de Claire Martin\u00a0?' });
    expect(dialog).toHaveTextContent('Son compte Préau et ses données restent.');
    // Cancelling sends nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(requestsTo('DELETE', '/api/v1/federation/identities/41/')).toHaveLength(0);

    await user.click(within(table).getByRole('button', { name: 'Délier le compte EduConnect de Claire Martin' }));
    const again = await screen.findByRole('dialog');
    await user.click(within(again).getByRole('button', { name: 'Délier' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Le compte EduConnect de Claire Martin est délié.');
    await waitFor(() => expect(screen.queryByText('Claire Martin')).not.toBeInTheDocument());
    expect(requestsTo('DELETE', '/api/v1/federation/identities/41/')).toHaveLength(1);
    expect(screen.getByText('1 compte relié')).toBeInTheDocument();
  });

  it('keeps the dialog open with the server’s refusal', async () => {
    mockDirector({
      'GET /api/v1/federation/schools/3/identities/': () => json(200, page([CLAIRE])),
      'DELETE /api/v1/federation/identities/41/': () =>
        apiError(403, 'permission_denied', 'Seule la direction de l’école retire une liaison.'),
    });
    const { user } = renderApp('/direction/comptes-relies');
    const table = await screen.findByRole('table', { name: 'Comptes reliés' }, FIRST_LOAD);
    await user.click(within(table).getByRole('button', { name: /^Délier/ }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Délier' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Seule la direction de l’école retire une liaison.');
  });

  it('says when nobody is linked yet, and names each school of a director of two', async () => {
    mockDirector({
      'GET /api/v1/accounts/me/': () =>
        json(
          200,
          makeMe({
            ...directorOfJulesFerry,
            schools: [
              ...directorOfJulesFerry.schools,
              { id: 4, uai: '0940456B', name: 'École Curie', commune_name: 'Vitry-sur-Seine', role: 'director' },
            ],
          }),
        ),
      'GET /api/v1/federation/schools/3/identities/': () => json(200, page([CLAIRE])),
      'GET /api/v1/federation/schools/4/identities/': () => json(200, page([])),
    });
    renderApp('/direction/comptes-relies');
    const curie = await screen.findByRole('region', { name: 'École Curie' }, FIRST_LOAD);
    expect(
      await within(curie).findByText('Personne de l’école ne se connecte encore par un fournisseur d’identité.'),
    ).toBeInTheDocument();
    const ferry = screen.getByRole('region', { name: 'École Jules Ferry' });
    expect(await within(ferry).findByRole('table', { name: 'Comptes reliés · École Jules Ferry' })).toBeInTheDocument();
  });

  it('is in English too, and has no serious or critical axe-core violations', async () => {
    mockDirector({ 'GET /api/v1/federation/schools/3/identities/': () => json(200, page([CLAIRE, MARIE])) });
    const { user } = renderApp('/direction/comptes-relies');
    await screen.findByRole('table', { name: 'Comptes reliés' }, FIRST_LOAD);
    expect(await noBlockingViolations()).toEqual([]);

    await user.click(within(screen.getByRole('banner')).getByText('EN'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Linked accounts' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Unlink Claire Martin’s EduConnect account' })).toBeInTheDocument();
    expect(screen.getByText('With the invitation letter’s code')).toBeInTheDocument();
  });
});
