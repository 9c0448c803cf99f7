import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const CODE_LABEL = "Code à 6 chiffres de votre application d'authentification";
const csrf = () => {
  document.cookie = 'csrftoken=tok-1; path=/';
  return json(200, { csrf_token: 'tok-1' });
};
const notAuthenticated = () => apiError(401, 'not_authenticated', 'Authentification requise.');
const noSessions = () => json(200, { count: 0, next: null, previous: null, results: [] });
const director = makeMe({ username: 'claire.roux', display_name: 'Claire Roux', roles: ['director'] });
const page = (results: unknown[]) => json(200, { count: results.length, next: null, previous: null, results });
const phone = { id: 7, name: 'Téléphone', created_at: '2026-09-01T08:00:00Z', last_used_at: '2026-09-02T07:30:00Z' };

// What the browser hands back: navigator.credentials answers with a PublicKeyCredential whose
// toJSON() is the JSON the server reads; the JSON helpers turn the server's options into the
// browser's (their result is passed through untouched here).
const registration = { id: 'cred-1', rawId: 'cred-1', type: 'public-key', response: { attestationObject: 'o' } };
const assertion = { id: 'cred-1', rawId: 'cred-1', type: 'public-key', response: { signature: 's' } };
const create = vi.fn();
const get = vi.fn();

beforeEach(() => {
  vi.stubGlobal('PublicKeyCredential', {
    parseCreationOptionsFromJSON: (options: unknown) => ({ parsed: options }),
    parseRequestOptionsFromJSON: (options: unknown) => ({ parsed: options }),
  });
  create.mockReset().mockResolvedValue({ toJSON: () => registration });
  get.mockReset().mockResolvedValue({ toJSON: () => assertion });
  Object.defineProperty(navigator, 'credentials', { value: { create, get }, configurable: true });
});

afterEach(() => {
  Reflect.deleteProperty(navigator, 'credentials');
});

async function signIn(user: ReturnType<typeof renderApp>['user']) {
  await user.type(await screen.findByLabelText('Identifiant'), 'claire.roux');
  await user.type(screen.getByLabelText('Mot de passe'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Se connecter' }));
}

describe('Clés d’accès on Mon espace', () => {
  function routes(passkeys: unknown[][]) {
    let listed = 0;
    return mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, director),
      'GET /api/v1/accounts/me/sessions/': noSessions,
      'GET /api/v1/accounts/me/otp/': () => json(200, { available: true, enabled: false, required: true }),
      'GET /api/v1/accounts/csrf/': csrf,
      'GET /api/v1/accounts/me/passkeys/': () => page(passkeys[Math.min(listed++, passkeys.length - 1)] ?? []),
      'POST /api/v1/accounts/me/passkeys/register/begin/': () =>
        json(200, { challenge: 'Y2hhbGxlbmdl', rp: { id: 'localhost', name: 'Préau' }, user: { id: 'dQ', name: 'claire.roux' } }),
      'POST /api/v1/accounts/me/passkeys/register/complete/': () =>
        json(201, { id: 8, name: 'Ordinateur', created_at: '2026-09-03T08:00:00Z', last_used_at: null }),
      'DELETE /api/v1/accounts/me/passkeys/7/': () => new Response(null, { status: 204 }),
    });
  }

  it('lists the passkeys and adds a named one through the browser', async () => {
    const added = { id: 8, name: 'Ordinateur', created_at: '2026-09-03T08:00:00Z', last_used_at: null };
    const { requestsTo } = routes([[phone], [phone, added]]);
    const { user } = renderApp('/moi');

    const section = await screen.findByRole('region', { name: 'Clés d’accès' });
    const list = await within(section).findByRole('list', { name: 'Vos clés d’accès' });
    expect(within(list).getByText('Téléphone')).toBeInTheDocument();
    expect(within(list).getByText(/Dernière utilisation le/)).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Ajouter une clé d’accès' }));
    expect(within(section).getByLabelText('Nom de la nouvelle clé')).toHaveAccessibleDescription(
      expect.stringContaining('Donnez un nom à la clé.'),
    );
    expect(requestsTo('POST', '/api/v1/accounts/me/passkeys/register/begin/')).toHaveLength(0);

    await user.type(within(section).getByLabelText('Nom de la nouvelle clé'), 'Ordinateur');
    await user.click(within(section).getByRole('button', { name: 'Ajouter une clé d’accès' }));

    expect(await within(section).findByText('La clé « Ordinateur » est ajoutée.')).toBeInTheDocument();
    expect(await within(list).findByText('Jamais utilisée pour se connecter')).toBeInTheDocument();
    expect(JSON.parse(requestsTo('POST', '/api/v1/accounts/me/passkeys/register/begin/')[0]?.body ?? '{}')).toEqual({
      name: 'Ordinateur',
    });
    expect(create).toHaveBeenCalledWith({
      publicKey: { parsed: expect.objectContaining({ challenge: 'Y2hhbGxlbmdl' }) },
    });
    expect(JSON.parse(requestsTo('POST', '/api/v1/accounts/me/passkeys/register/complete/')[0]?.body ?? '{}')).toEqual({
      credential: registration,
    });
  });

  it('says so when the person cancels the browser’s dialog, and sends nothing', async () => {
    create.mockRejectedValue(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'));
    const { requestsTo } = routes([[]]);
    const { user } = renderApp('/moi');

    const section = await screen.findByRole('region', { name: 'Clés d’accès' });
    expect(await within(section).findByText('Aucune clé d’accès pour l’instant.')).toBeInTheDocument();
    await user.type(within(section).getByLabelText('Nom de la nouvelle clé'), 'Téléphone');
    await user.click(within(section).getByRole('button', { name: 'Ajouter une clé d’accès' }));

    expect(await within(section).findByRole('alert')).toHaveTextContent('L’opération a été annulée ou a expiré. Réessayez.');
    expect(requestsTo('POST', '/api/v1/accounts/me/passkeys/register/complete/')).toHaveLength(0);
  });

  it('revokes a passkey after a confirmation', async () => {
    const { requestsTo } = routes([[phone]]);
    const { user } = renderApp('/moi');

    const section = await screen.findByRole('region', { name: 'Clés d’accès' });
    await user.click(await within(section).findByRole('button', { name: 'Retirer la clé d’accès Téléphone' }));
    expect(within(section).getByText('Cette clé ne permettra plus de se connecter. La retirer ?')).toBeInTheDocument();
    expect(requestsTo('DELETE', '/api/v1/accounts/me/passkeys/7/')).toHaveLength(0);
    await user.click(within(section).getByRole('button', { name: 'Retirer la clé' }));

    await waitFor(() => expect(within(section).queryByText('Téléphone')).not.toBeInTheDocument());
    expect(requestsTo('DELETE', '/api/v1/accounts/me/passkeys/7/')).toHaveLength(1);
  });

  it('has no serious or critical axe-core violations', async () => {
    routes([[phone]]);
    renderApp('/moi');
    const section = await screen.findByRole('region', { name: 'Clés d’accès' });
    await within(section).findByText('Téléphone');

    const results = await axe.run(section, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});

describe('Login second step with a passkey', () => {
  it('signs in with the passkey alone when the account has no code application', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () =>
        json(200, { otp_required: true, otp_setup_required: false, second_factors: ['passkey'] }),
      'POST /api/v1/accounts/login/passkey/begin/': () =>
        json(200, { challenge: 'bG9naW4', allowCredentials: [{ id: 'cred-1', type: 'public-key' }] }),
      'POST /api/v1/accounts/login/passkey/complete/': () => json(200, director),
      'GET /api/v1/accounts/me/sessions/': noSessions,
    });
    const { user, currentPath } = renderApp('/connexion');
    await signIn(user);

    await user.click(await screen.findByRole('button', { name: 'Utiliser ma clé d’accès' }));
    expect(screen.queryByLabelText(CODE_LABEL)).not.toBeInTheDocument();

    await waitFor(() => expect(currentPath()).toBe('/'));
    expect(get).toHaveBeenCalledWith({ publicKey: { parsed: expect.objectContaining({ challenge: 'bG9naW4' }) } });
    expect(JSON.parse(requestsTo('POST', '/api/v1/accounts/login/passkey/complete/')[0]?.body ?? '{}')).toEqual({
      credential: assertion,
    });
  });

  it('offers the passkey beside the code, and shows a refusal', async () => {
    const refused = 'Clé d’accès refusée : utilisez une clé enregistrée pour ce compte.';
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () =>
        json(200, { otp_required: true, otp_setup_required: false, second_factors: ['totp', 'passkey'] }),
      'POST /api/v1/accounts/login/passkey/begin/': () => json(200, { challenge: 'bG9naW4' }),
      'POST /api/v1/accounts/login/passkey/complete/': () =>
        apiError(400, 'invalid_passkey', refused, { credential: [refused] }),
    });
    const { user, currentPath } = renderApp('/connexion');
    await signIn(user);

    expect(await screen.findByLabelText(CODE_LABEL)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Utiliser ma clé d’accès' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(refused);
    expect(currentPath()).toBe('/connexion');
  });
});

describe('First login of a director with a passkey instead of the application', () => {
  it('adds a passkey on the setup page, then goes home', async () => {
    let added = false;
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => (added ? json(200, director) : notAuthenticated()),
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () => json(200, { otp_required: false, otp_setup_required: true }),
      'GET /api/v1/accounts/me/otp/': () => json(200, { available: true, enabled: false, required: true }),
      'POST /api/v1/accounts/me/passkeys/register/begin/': () =>
        json(200, { challenge: 'Y2hhbGxlbmdl', rp: { id: 'localhost', name: 'Préau' }, user: { id: 'dQ', name: 'claire.roux' } }),
      'POST /api/v1/accounts/me/passkeys/register/complete/': () => {
        added = true;
        return json(201, { id: 9, name: 'Téléphone', created_at: '2026-09-03T08:00:00Z', last_used_at: null });
      },
      'GET /api/v1/accounts/me/sessions/': noSessions,
    });
    const { user, currentPath } = renderApp('/connexion');
    await signIn(user);

    expect(await screen.findByRole('heading', { level: 1, name: 'Activer la double authentification' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Nom de la nouvelle clé'), 'Téléphone');
    await user.click(screen.getByRole('button', { name: 'Ajouter une clé d’accès' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Aujourd’hui' })).toBeInTheDocument();
    expect(currentPath()).toBe('/');
    expect(create).toHaveBeenCalledTimes(1);
    expect(requestsTo('POST', '/api/v1/accounts/me/passkeys/register/complete/')).toHaveLength(1);
  });
});

describe('Sign-in with a passkey alone', () => {
  it('offers it on the login page and opens the session without a password', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/passwordless/begin/': () => json(200, { challenge: 'ZGlzY292ZXI', userVerification: 'required' }),
      'POST /api/v1/accounts/login/passwordless/complete/': () => json(200, director),
      'GET /api/v1/accounts/me/sessions/': noSessions,
    });
    const { user, currentPath } = renderApp('/connexion');

    await user.click(await screen.findByRole('button', { name: 'Connexion par clé d’accès, sans mot de passe' }));

    await waitFor(() => expect(currentPath()).toBe('/'));
    expect(get).toHaveBeenCalledWith({ publicKey: { parsed: expect.objectContaining({ challenge: 'ZGlzY292ZXI' }) } });
    expect(requestsTo('POST', '/api/v1/accounts/login/')).toHaveLength(0);
    expect(JSON.parse(requestsTo('POST', '/api/v1/accounts/login/passwordless/complete/')[0]?.body ?? '{}')).toEqual({
      credential: assertion,
    });
  });

  it('is not offered by a browser without passkeys', async () => {
    vi.stubGlobal('PublicKeyCredential', undefined);
    mockFetch({ 'GET /api/v1/accounts/me/': notAuthenticated, 'GET /api/v1/accounts/csrf/': csrf });
    renderApp('/connexion');

    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Connexion par clé d’accès, sans mot de passe' })).not.toBeInTheDocument();
  });
});

describe('The code application beside passkeys on Mon espace', () => {
  it('may be removed by a director who keeps a passkey', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, director),
      'GET /api/v1/accounts/me/sessions/': noSessions,
      'GET /api/v1/accounts/me/otp/': () => json(200, { available: true, enabled: true, required: true }),
      'GET /api/v1/accounts/csrf/': csrf,
      'GET /api/v1/accounts/me/passkeys/': () => page([phone]),
      'DELETE /api/v1/accounts/me/otp/': () => new Response(null, { status: 204 }),
    });
    const { user } = renderApp('/moi');

    const section = await screen.findByRole('region', { name: 'Double authentification' });
    await user.click(await within(section).findByRole('button', { name: 'Désactiver la double authentification' }));

    await waitFor(() => expect(requestsTo('DELETE', '/api/v1/accounts/me/otp/')).toHaveLength(1));
  });
});
