import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const notAuthenticated = () => apiError(401, 'not_authenticated', 'Authentification requise.');
const csrf = () => {
  document.cookie = 'csrftoken=tok-1; path=/';
  return json(200, { csrf_token: 'tok-1' });
};

describe('LoginPage', () => {
  it('renders a heading, labelled fields and the "Se connecter" button', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': notAuthenticated });
    renderApp('/connexion');

    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion à Préau' })).toBeInTheDocument();
    expect(screen.getByLabelText('Identifiant')).toHaveAttribute('autocomplete', 'username');
    expect(screen.getByLabelText('Mot de passe')).toHaveAttribute('type', 'password');
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('fr');
    expect(document.title).toBe('Connexion · Préau');
  });

  it('shows the server error message on a 400', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () =>
        apiError(400, 'invalid_credentials', 'Identifiant ou mot de passe incorrect.'),
    });
    const { user } = renderApp('/connexion');

    await user.type(await screen.findByLabelText('Identifiant'), 'claire.martin');
    await user.type(screen.getByLabelText('Mot de passe'), 'mauvais');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Identifiant ou mot de passe incorrect.');
    await waitFor(() => expect(alert).toHaveFocus()); // focus goes to the error, not the page body
    // The CSRF endpoint is called first, and its token goes with the login POST.
    expect(requestsTo('GET', '/api/v1/accounts/csrf/')).toHaveLength(1);
    const [login] = requestsTo('POST', '/api/v1/accounts/login/');
    expect(login?.headers.get('X-CSRFToken')).toBe('tok-1');
    expect(JSON.parse(login?.body ?? '{}')).toEqual({ username: 'claire.martin', password: 'mauvais' });
  });

  it('shows field errors returned with code "invalid"', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () =>
        apiError(400, 'invalid', 'Certains champs sont invalides.', {
          username: ['Assurez-vous que ce champ ne comporte pas plus de 150 caractères.'],
        }),
    });
    const { user } = renderApp('/connexion');

    await user.type(await screen.findByLabelText('Identifiant'), 'x'.repeat(3));
    await user.type(screen.getByLabelText('Mot de passe'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Certains champs sont invalides.');
    expect(screen.getByLabelText('Identifiant')).toHaveAccessibleDescription(
      'Assurez-vous que ce champ ne comporte pas plus de 150 caractères.',
    );
  });

  it('explains throttling using Retry-After (429)', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () =>
        apiError(429, 'throttled', 'Trop de tentatives.', {}, { 'Retry-After': '540' }),
    });
    const { user } = renderApp('/connexion');

    await user.type(await screen.findByLabelText('Identifiant'), 'claire.martin');
    await user.type(screen.getByLabelText('Mot de passe'), 'secret');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Trop de tentatives, réessayez dans 9 minutes',
    );
  });

  it('does not call the API when a field is empty', async () => {
    const { requestsTo } = mockFetch({ 'GET /api/v1/accounts/me/': notAuthenticated });
    const { user } = renderApp('/connexion');

    await user.click(await screen.findByRole('button', { name: 'Se connecter' }));

    expect(screen.getByLabelText('Identifiant')).toHaveAccessibleDescription('Ce champ est obligatoire.');
    expect(screen.getByLabelText('Mot de passe')).toHaveAccessibleDescription('Ce champ est obligatoire.');
    await waitFor(() => expect(screen.getByLabelText('Identifiant')).toHaveFocus()); // the first empty field
    expect(requestsTo('POST', '/api/v1/accounts/login/')).toHaveLength(0);
  });

  it('goes to the home page (« Aujourd’hui ») after a successful login', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () => json(200, guardianWithTwoChildren),
    });
    const { user, currentPath } = renderApp('/connexion');

    await user.type(await screen.findByLabelText('Identifiant'), 'claire.martin');
    await user.type(screen.getByLabelText('Mot de passe'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Aujourd’hui' })).toBeInTheDocument();
    expect(currentPath()).toBe('/');
  });

  it('switches to English and remembers the choice', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': notAuthenticated });
    const { user } = renderApp('/connexion');

    const header = await screen.findByRole('banner');
    await user.click(within(header).getByText('EN'));

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
    expect(window.localStorage.getItem('preau.language')).toBe('en');
  });

  it('has no serious or critical axe-core violations', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': notAuthenticated });
    renderApp('/connexion');
    await screen.findByRole('button', { name: 'Se connecter' });
    await waitFor(() => expect(document.title).toBe('Connexion · Préau'));

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
