import { screen, waitFor } from '@testing-library/react';
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

async function fillForm(user: ReturnType<typeof renderApp>['user'], password = 'Cartable-Jaune-2026') {
  const fields: [string, string][] = [
    ['Code d’invitation', 'abcd-efgh-jkmn-pqrs'],
    ['Identifiant choisi', 'sophie.martin'],
    ['Mot de passe', 'Cartable-Jaune-2026'],
    ['Confirmer le mot de passe', password],
  ];
  for (const [label, value] of fields) {
    await user.click(await screen.findByLabelText(label));
    await user.paste(value);
  }
}

// The page is typed into a lot: a loaded machine needs more than the default 5 s.
describe('ActivatePage', () => {
  it('is reachable from the login page and has labelled fields, with no axe violation', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': notAuthenticated });
    const { user, currentPath, container } = renderApp('/connexion');

    await user.click(await screen.findByRole('link', { name: 'Activer mon compte' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Activer mon compte' })).toBeInTheDocument();
    expect(currentPath()).toBe('/activer');
    expect(document.title).toBe('Activer mon compte · Préau');
    expect(screen.getByLabelText('Code d’invitation')).toHaveAttribute('autocomplete', 'one-time-code');
    expect(screen.getByLabelText('Identifiant choisi')).toHaveAttribute('autocomplete', 'username');
    expect(screen.getByLabelText('Mot de passe')).toHaveAttribute('autocomplete', 'new-password');
    expect(screen.getByLabelText('Confirmer le mot de passe')).toHaveAttribute('type', 'password');
    const results = await axe.run(container);
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('checks the fields in the browser before sending anything', async () => {
    const { requestsTo } = mockFetch({ 'GET /api/v1/accounts/me/': notAuthenticated });
    const { user } = renderApp('/activer');

    await user.click(await screen.findByRole('button', { name: 'Activer mon compte' }));
    expect(screen.getByLabelText('Code d’invitation')).toHaveAccessibleDescription(
      expect.stringContaining('Ce champ est obligatoire.'),
    );

    await fillForm(user, 'autre-chose');
    await user.click(screen.getByRole('button', { name: 'Activer mon compte' }));
    expect(screen.getByLabelText('Confirmer le mot de passe')).toHaveAccessibleDescription(
      'Les deux mots de passe ne sont pas identiques.',
    );
    expect(requestsTo('POST', '/api/v1/accounts/activate/')).toHaveLength(0);
  });

  it('shows the French errors of the API next to the fields they name', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/activate/': () =>
        apiError(400, 'invalid', 'Cet identifiant est déjà pris : choisissez-en un autre.', {
          username: ['Cet identifiant est déjà pris : choisissez-en un autre.'],
          password: ['Ce mot de passe est trop courant.'],
        }),
    });
    const { user } = renderApp('/activer');

    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Activer mon compte' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Cet identifiant est déjà pris');
    expect(screen.getByLabelText('Identifiant choisi')).toHaveAccessibleDescription(
      expect.stringContaining('Cet identifiant est déjà pris : choisissez-en un autre.'),
    );
    expect(screen.getByLabelText('Mot de passe')).toHaveAccessibleDescription(
      expect.stringContaining('Ce mot de passe est trop courant.'),
    );
  });

  it('shows an expired code on the code field', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/activate/': () =>
        apiError(400, 'invalid_code', 'Ce code a expiré.', { code: ['Ce code a expiré.'] }),
    });
    const { user } = renderApp('/activer');
    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Activer mon compte' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Code d’invitation')).toHaveAccessibleDescription(
        expect.stringContaining('Ce code a expiré.'),
      ),
    );
  });

  it('sends code, username and password with the CSRF token, then goes home signed in', async () => {
    let signedIn = false;
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => (signedIn ? json(200, guardianWithTwoChildren) : notAuthenticated()),
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/activate/': () => {
        signedIn = true;
        return json(201, guardianWithTwoChildren);
      },
    });
    const { user, currentPath } = renderApp('/activer');

    await fillForm(user);
    await user.click(screen.getByRole('button', { name: 'Activer mon compte' }));

    await waitFor(() => expect(currentPath()).toBe('/'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Aujourd’hui' })).toBeInTheDocument();
    const [request] = requestsTo('POST', '/api/v1/accounts/activate/');
    expect(request?.headers.get('X-CSRFToken')).toBe('tok-1');
    expect(JSON.parse(request?.body ?? '{}')).toEqual({
      code: 'abcd-efgh-jkmn-pqrs',
      username: 'sophie.martin',
      password: 'Cartable-Jaune-2026',
    });
    // "Mon espace" is one link away.
    await user.click(screen.getAllByRole('link', { name: 'Mon espace' })[0]!);
    expect(await screen.findByRole('link', { name: 'Télécharger mes données' })).toHaveAttribute(
      'href',
      '/api/v1/accounts/me/export.zip',
    );
  });
});
