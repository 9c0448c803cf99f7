import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

describe('MePage ("Mon espace")', () => {
  it('lists each child by name with class and school', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren) });
    renderApp('/moi');

    const section = await screen.findByRole('region', { name: 'Mes enfants' });
    const items = within(section).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]!).getByRole('heading', { name: 'Léa Martin' })).toBeVisible();
    expect(items[0]).toHaveTextContent('CE2 B');
    expect(items[0]).toHaveTextContent('École Jules Ferry');
    expect(within(items[1]!).getByRole('heading', { name: 'Hugo Martin' })).toBeVisible();
    expect(items[1]).toHaveTextContent('CP A');
  });

  it('shows the display name, translated roles and only non-empty sections', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren) });
    renderApp('/moi');

    expect(await screen.findByRole('heading', { level: 1, name: 'Mon espace' })).toBeInTheDocument();
    expect(screen.getByText('Bonjour Claire Martin')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Mes rôles' })).getByText('Responsable légal')).toBeInTheDocument();
    const schools = screen.getByRole('region', { name: 'Mes écoles' });
    expect(schools).toHaveTextContent('0940123A');
    expect(schools).toHaveTextContent('Vitry-sur-Seine');
    expect(screen.queryByRole('region', { name: 'Mes classes' })).not.toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Périmètre' })).not.toBeInTheDocument();
  });

  it('shows classes for a teacher and the scope for an inspector', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () =>
        json(
          200,
          makeMe({
            display_name: 'Paul Durand',
            roles: ['teacher', 'director', 'inspector'],
            classrooms: [
              {
                id: 5,
                name: 'CM1-CM2',
                levels: ['CM1', 'CM2'],
                school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' },
                school_year: '2026-2027',
              },
            ],
            authority_scopes: [{ role: 'inspector', label: 'Circonscription de Vitry Nord', departement_id: null }],
          }),
        ),
    });
    renderApp('/moi');

    const classes = await screen.findByRole('region', { name: 'Mes classes' });
    expect(within(classes).getByRole('heading', { name: 'CM1-CM2' })).toBeInTheDocument();
    expect(classes).toHaveTextContent('CM1, CM2');
    expect(classes).toHaveTextContent('2026-2027');
    const scope = screen.getByRole('region', { name: 'Périmètre' });
    expect(scope).toHaveTextContent('Circonscription de Vitry Nord');
    expect(scope).toHaveTextContent('Inspecteur·rice (IEN)');
    const roles = screen.getByRole('region', { name: 'Mes rôles' });
    expect(within(roles).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Enseignant·e',
      'Directeur·rice',
      'Inspecteur·rice (IEN)',
    ]);
    expect(screen.queryByRole('region', { name: 'Mes enfants' })).not.toBeInTheDocument();
  });

  it('redirects to /connexion when the session is missing (401)', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => apiError(401, 'not_authenticated', 'Authentification requise.'),
    });
    const { currentPath } = renderApp('/moi');

    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion à Préau' })).toBeInTheDocument();
    expect(currentPath()).toBe('/connexion');
  });

  it('protects unknown routes too', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => apiError(401, 'not_authenticated', 'Authentification requise.'),
    });
    const { currentPath } = renderApp('/nimporte-quoi');

    await screen.findByRole('button', { name: 'Se connecter' });
    expect(currentPath()).toBe('/connexion');
  });
});
