import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { IdentityProvider } from '../../api/types';
import { apiError, json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

const notAuthenticated = () => apiError(401, 'not_authenticated', 'Authentification requise.');

const ACADEMIE: IdentityProvider = {
  key: 'academie',
  protocol: 'saml',
  label: 'Agents de l’académie',
  audience: 'staff',
  sign_in_path: '/saml2/login/?idp=https%3A%2F%2Fidp.ac-creteil.fr',
};
const EDUCONNECT: IdentityProvider = {
  key: 'educonnect',
  protocol: 'saml',
  label: 'EduConnect',
  audience: 'families',
  sign_in_path: '/saml2/login/?idp=https%3A%2F%2Feduconnect.education.gouv.fr',
};
const OIDC: IdentityProvider = {
  key: 'monlycee',
  protocol: 'oidc',
  label: 'MonLycée.net',
  audience: 'families',
  sign_in_path: '/api/v1/federation/oidc/monlycee/start/',
};

/** The first screen waits for the lazily loaded page (slow on a busy machine). */
const FIRST_LOAD = { timeout: 20_000 };

describe('Login page: « Se connecter avec »', () => {
  it('offers one link per provider, the families’ first, each to its start address', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/federation/providers/': () => json(200, [ACADEMIE, EDUCONNECT, OIDC]),
    });
    renderApp('/connexion');

    const section = await screen.findByRole('region', { name: 'Se connecter avec' }, FIRST_LOAD);
    const links = within(section).getAllByRole('link');
    expect(links.map((link) => link.textContent)).toEqual(['EduConnect', 'MonLycée.net', 'Agents de l’académie']);
    expect(links[0]).toHaveAttribute('href', EDUCONNECT.sign_in_path);
    expect(links[0]).toHaveAccessibleDescription('Parents et élèves');
    expect(links[1]).toHaveAttribute('href', '/api/v1/federation/oidc/monlycee/start/');
    expect(links[2]).toHaveAccessibleDescription('Personnels de l’Éducation nationale');
    // The password form stays first: the providers come below it.
    const form = screen.getByRole('button', { name: 'Se connecter' });
    expect(form.compareDocumentPosition(section) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('shows nothing when no provider is set up, or when the list cannot be read', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/federation/providers/': () => json(200, []),
    });
    renderApp('/connexion');
    await screen.findByRole('button', { name: 'Se connecter' }, FIRST_LOAD);
    expect(screen.queryByText('Se connecter avec')).not.toBeInTheDocument();
  });

  it('says it in English', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/federation/providers/': () => json(200, [EDUCONNECT]),
    });
    const { user } = renderApp('/connexion');
    await user.click(within(await screen.findByRole('banner', {}, FIRST_LOAD)).getByText('EN'));
    const section = await screen.findByRole('region', { name: 'Sign in with' }, FIRST_LOAD);
    expect(within(section).getByRole('link', { name: 'EduConnect' })).toHaveAccessibleDescription('Parents and pupils');
  });

  it('has no serious or critical axe-core violations', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/federation/providers/': () => json(200, [EDUCONNECT, ACADEMIE]),
    });
    renderApp('/connexion');
    await screen.findByRole('region', { name: 'Se connecter avec' }, FIRST_LOAD);
    await waitFor(() => expect(document.title).toBe('Connexion · Préau'));

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
