import { screen } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

const notAuthenticated = () => apiError(401, 'not_authenticated', 'Authentification requise.');
const csrf = () => {
  document.cookie = 'csrftoken=tok-1; path=/';
  return json(200, { csrf_token: 'tok-1' });
};
const noContent = () => new Response(null, { status: 204 });

async function expectNoSeriousAxeViolation(container: HTMLElement) {
  const results = await axe.run(container);
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}

describe('Forgotten password', () => {
  it('is linked from the login page and says the same thing whatever the address', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/password-reset/': () => new Response(null, { status: 202 }),
    });
    const { user, currentPath, container } = renderApp('/connexion');

    await user.click(await screen.findByRole('link', { name: 'Mot de passe oublié ?' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Mot de passe oublié' })).toBeInTheDocument();
    expect(currentPath()).toBe('/mot-de-passe-oublie');
    await expectNoSeriousAxeViolation(container);

    await user.type(screen.getByLabelText('Adresse électronique'), 'claire@example.org');
    await user.click(screen.getByRole('button', { name: 'Recevoir le lien' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Si un compte utilise cette adresse');
    const [request] = requestsTo('POST', '/api/v1/accounts/password-reset/');
    expect(JSON.parse(request?.body ?? '{}')).toEqual({ email: 'claire@example.org' });
    expect(request?.headers.get('X-CSRFToken')).toBe('tok-1');
  });

  it('asks for the address before sending anything', async () => {
    const { requestsTo } = mockFetch({ 'GET /api/v1/accounts/me/': notAuthenticated });
    const { user } = renderApp('/mot-de-passe-oublie');
    await user.click(await screen.findByRole('button', { name: 'Recevoir le lien' }));
    expect(await screen.findByText('Ce champ est obligatoire.')).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/accounts/password-reset/')).toHaveLength(0);
  });
});

describe('New password page', () => {
  it('sends the token of the link with the new password, then offers to sign in', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/password-reset/confirm/': noContent,
    });
    const { user, container } = renderApp('/mot-de-passe/nouveau?token=MQ.abc-123');
    expect(await screen.findByRole('heading', { level: 1, name: 'Choisir un nouveau mot de passe' })).toBeInTheDocument();
    await expectNoSeriousAxeViolation(container);

    await user.type(screen.getByLabelText('Nouveau mot de passe'), 'cartable-bleu-du-jeudi');
    await user.type(screen.getByLabelText('Confirmer le mot de passe'), 'cartable-bleu-du-jeudi');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le mot de passe' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Votre mot de passe a été changé');
    expect(screen.getByRole('link', { name: 'Se connecter' })).toHaveAttribute('href', '/connexion');
    const [request] = requestsTo('POST', '/api/v1/accounts/password-reset/confirm/');
    expect(JSON.parse(request?.body ?? '{}')).toEqual({ token: 'MQ.abc-123', password: 'cartable-bleu-du-jeudi' });
  });

  it('refuses two different passwords without asking the server', async () => {
    const { requestsTo } = mockFetch({});
    const { user } = renderApp('/mot-de-passe/nouveau?token=MQ.abc-123');
    await user.type(await screen.findByLabelText('Nouveau mot de passe'), 'cartable-bleu-du-jeudi');
    await user.type(screen.getByLabelText('Confirmer le mot de passe'), 'cartable-rouge');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le mot de passe' }));
    expect(await screen.findByText('Les deux mots de passe ne sont pas identiques.')).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/accounts/password-reset/confirm/')).toHaveLength(0);
  });

  it('explains a used or expired link and offers a new one', async () => {
    mockFetch({
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/password-reset/confirm/': () =>
        apiError(400, 'invalid_token', 'Ce lien n’est plus valable (déjà utilisé ou expiré).', {
          token: ['Ce lien n’est plus valable (déjà utilisé ou expiré).'],
        }),
    });
    const { user } = renderApp('/mot-de-passe/nouveau?token=MQ.old');
    await user.type(await screen.findByLabelText('Nouveau mot de passe'), 'cartable-bleu-du-jeudi');
    await user.type(screen.getByLabelText('Confirmer le mot de passe'), 'cartable-bleu-du-jeudi');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le mot de passe' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('plus valable');
    expect(screen.getByRole('link', { name: 'Demander un nouveau lien' })).toHaveAttribute('href', '/mot-de-passe-oublie');
  });

  it('shows the server’s reason next to a weak password', async () => {
    mockFetch({
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/password-reset/confirm/': () =>
        apiError(400, 'invalid', 'Ce mot de passe est trop courant.', { password: ['Ce mot de passe est trop courant.'] }),
    });
    const { user } = renderApp('/mot-de-passe/nouveau?token=MQ.abc');
    await user.type(await screen.findByLabelText('Nouveau mot de passe'), 'azertyuiop');
    await user.type(screen.getByLabelText('Confirmer le mot de passe'), 'azertyuiop');
    await user.click(screen.getByRole('button', { name: 'Enregistrer le mot de passe' }));
    expect(await screen.findByLabelText('Nouveau mot de passe')).toHaveAccessibleDescription(
      expect.stringContaining('Ce mot de passe est trop courant.'),
    );
  });
});
