import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { PendingLink } from '../../api/types';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { guardianWithTwoChildren } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const EDUCONNECT_PENDING: PendingLink = {
  provider: 'educonnect',
  provider_label: 'EduConnect',
  protocol: 'saml',
  audience: 'families',
  display_name: 'Claire Martin',
  expires_at: '2026-12-01T09:10:00Z',
};
const ACADEMIE_PENDING: PendingLink = {
  ...EDUCONNECT_PENDING,
  provider: 'academie',
  provider_label: 'Agents de l’académie',
  audience: 'staff',
  display_name: 'Marie Curie',
};

/** The first screen waits for the lazily loaded page (slow on a busy machine). */
const FIRST_LOAD = { timeout: 20_000 };

/** The browser's session: signed in once the server linked the identity. */
const session = { signedIn: false };

/** The server's answer to a successful link: the session is open. */
function linked() {
  session.signedIn = true;
  return json(200, { username: guardianWithTwoChildren.username, signed_in: true });
}

function mockLinkPage(pending: PendingLink | null, routes: Record<string, Handler> = {}) {
  session.signedIn = false;
  return mockFetch({
    'GET /api/v1/accounts/me/': () =>
      session.signedIn
        ? json(200, guardianWithTwoChildren)
        : apiError(401, 'not_authenticated', 'Authentification requise.'),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'tok-1' }),
    'GET /api/v1/federation/link/': () =>
      pending ? json(200, pending) : apiError(404, 'not_found', 'Aucune connexion en attente de liaison.'),
    ...routes,
  });
}

async function noBlockingViolations() {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('LinkAccountPage (/connexion/lier)', () => {
  it('says who the provider identified and links with the letter’s code, then opens the home page', async () => {
    const { requestsTo } = mockLinkPage(EDUCONNECT_PENDING, {
      'POST /api/v1/federation/link/': linked,
    });
    const { user, currentPath } = renderApp('/connexion/lier');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Relier votre compte EduConnect à Préau' }, FIRST_LOAD),
    ).toBeInTheDocument();
    expect(screen.getByText(/EduConnect vous a identifié·e : Claire Martin/)).toBeInTheDocument();
    expect(document.title).toBe('Relier votre compte · Préau');
    const codeForm = screen.getByRole('form', { name: 'J’ai reçu une lettre de l’école' });
    const code = within(codeForm).getByLabelText('Code d’invitation');
    expect(code).toHaveAccessibleDescription(/16 caractères, sur la lettre de l’école/);
    expect(screen.getByRole('form', { name: 'J’ai déjà un identifiant Préau' })).toBeInTheDocument();

    await user.type(code, 'abcd-efgh-jkmn-pqrs');
    await user.click(within(codeForm).getByRole('button', { name: 'Relier avec ce code' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Aujourd’hui' }, FIRST_LOAD)).toBeInTheDocument();
    expect(currentPath()).toBe('/');
    const [post] = requestsTo('POST', '/api/v1/federation/link/');
    expect(post?.headers.get('X-CSRFToken')).toBe('tok-1');
    expect(JSON.parse(post?.body ?? '{}')).toEqual({ code: 'abcd-efgh-jkmn-pqrs' });
  });

  it('shows a refused code under the code field, and asks nothing of an empty one', async () => {
    const { requestsTo } = mockLinkPage(EDUCONNECT_PENDING, {
      'POST /api/v1/federation/link/': () =>
        apiError(400, 'invalid_code', 'Code invalide, expiré ou déjà utilisé.', {
          code: ['Code invalide, expiré ou déjà utilisé.'],
        }),
    });
    const { user } = renderApp('/connexion/lier');
    const codeForm = await screen.findByRole('form', { name: 'J’ai reçu une lettre de l’école' }, FIRST_LOAD);
    const code = within(codeForm).getByLabelText('Code d’invitation');

    await user.click(within(codeForm).getByRole('button', { name: 'Relier avec ce code' }));
    expect(code).toHaveAccessibleDescription(/Ce champ est obligatoire\./);
    expect(requestsTo('POST', '/api/v1/federation/link/')).toHaveLength(0);

    await user.type(code, 'WXYZ-WXYZ-WXYZ-WXYZ');
    await user.click(within(codeForm).getByRole('button', { name: 'Relier avec ce code' }));
    await waitFor(() => expect(code).toHaveAccessibleDescription(/Code invalide, expiré ou déjà utilisé\./));
    await waitFor(() => expect(code).toHaveFocus());
    // Said once, under its field: not repeated in the other form.
    const passwordForm = screen.getByRole('form', { name: 'J’ai déjà un identifiant Préau' });
    expect(within(passwordForm).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('links with an existing username and password, asking the second factor’s code when the account has one', async () => {
    let attempt = 0;
    const { requestsTo } = mockLinkPage(EDUCONNECT_PENDING, {
      'POST /api/v1/federation/link/': () => {
        attempt += 1;
        if (attempt === 1) {
          return apiError(400, 'invalid_credentials', 'Identifiant ou mot de passe incorrect.', {
            password: ['Identifiant ou mot de passe incorrect.'],
          });
        }
        if (attempt === 2) {
          return apiError(400, 'invalid_code', 'Ce compte a une double authentification.', {
            otp_code: ['Ce compte a une double authentification : saisissez le code de votre application.'],
          });
        }
        return linked();
      },
    });
    const { user, currentPath } = renderApp('/connexion/lier');
    const form = await screen.findByRole('form', { name: 'J’ai déjà un identifiant Préau' }, FIRST_LOAD);
    const submit = within(form).getByRole('button', { name: 'Relier et me connecter' });

    await user.type(within(form).getByLabelText('Identifiant'), 'claire.martin');
    await user.type(within(form).getByLabelText('Mot de passe'), 'mauvais');
    await user.click(submit);
    const password = within(form).getByLabelText('Mot de passe');
    await waitFor(() => expect(password).toHaveAccessibleDescription('Identifiant ou mot de passe incorrect.'));

    await user.clear(password);
    await user.type(password, 'correct horse');
    await user.click(submit);
    const otp = await within(form).findByLabelText('Code de double authentification');
    expect(otp).toHaveAccessibleDescription(/saisissez le code de votre application/);
    await waitFor(() => expect(otp).toHaveFocus());

    await user.type(otp, '123456');
    await user.click(submit);
    expect(await screen.findByRole('heading', { level: 1, name: 'Aujourd’hui' }, FIRST_LOAD)).toBeInTheDocument();
    expect(currentPath()).toBe('/');
    const bodies = requestsTo('POST', '/api/v1/federation/link/').map((r) => JSON.parse(r.body) as unknown);
    // No blank code of a second factor before it is asked (the API refuses a blank one).
    expect(bodies[0]).toEqual({ username: 'claire.martin', password: 'mauvais' });
    expect(bodies[2]).toEqual({ username: 'claire.martin', password: 'correct horse', otp_code: '123456' });
  });

  it('offers staff only their username and password, and says a refusal that names no field in an alert', async () => {
    mockLinkPage(ACADEMIE_PENDING, {
      'POST /api/v1/federation/link/': () =>
        apiError(429, 'throttled', 'Trop de tentatives.', {}, { 'Retry-After': '120' }),
    });
    const { user } = renderApp('/connexion/lier');
    await screen.findByRole('heading', { level: 1, name: 'Relier votre compte Agents de l’académie à Préau' }, FIRST_LOAD);
    expect(screen.queryByLabelText('Code d’invitation')).not.toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'J’ai déjà un identifiant Préau' });
    await user.type(within(form).getByLabelText('Identifiant'), 'marie.curie');
    await user.type(within(form).getByLabelText('Mot de passe'), 'secret');
    await user.click(within(form).getByRole('button', { name: 'Relier et me connecter' }));
    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent('Trop de tentatives, réessayez dans 2 minutes');
    await waitFor(() => expect(alert).toHaveFocus());
  });

  it('explains when nothing waits any more, with the way back to the login page', async () => {
    mockLinkPage(null);
    const { user, currentPath } = renderApp('/connexion/lier');
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Aucune connexion en attente' }, FIRST_LOAD),
    ).toBeInTheDocument();
    expect(screen.getByText(/la demande expire après 10 minutes/)).toBeInTheDocument();
    expect(await noBlockingViolations()).toEqual([]);
    await user.click(screen.getByRole('link', { name: 'Revenir à la page de connexion' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion à Préau' }, FIRST_LOAD)).toBeInTheDocument();
    expect(currentPath()).toBe('/connexion');
  });

  it('explains it too when the wait ends while the form is open', async () => {
    mockLinkPage(EDUCONNECT_PENDING, {
      'POST /api/v1/federation/link/': () =>
        apiError(400, 'link_not_pending', 'Aucune connexion en attente.', {
          non_field_errors: ['Aucune connexion en attente.'],
        }),
    });
    const { user } = renderApp('/connexion/lier');
    const codeForm = await screen.findByRole('form', { name: 'J’ai reçu une lettre de l’école' }, FIRST_LOAD);
    await user.type(within(codeForm).getByLabelText('Code d’invitation'), 'ABCD-EFGH-JKMN-PQRS');
    await user.click(within(codeForm).getByRole('button', { name: 'Relier avec ce code' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Aucune connexion en attente' })).toBeInTheDocument();
  });

  it('is in English too', async () => {
    mockLinkPage(EDUCONNECT_PENDING);
    const { user } = renderApp('/connexion/lier');
    await screen.findByRole('heading', { level: 1, name: 'Relier votre compte EduConnect à Préau' }, FIRST_LOAD);
    await user.click(within(screen.getByRole('banner')).getByText('EN'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Link your EduConnect account to Préau' })).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'I received a letter from the school' })).toBeInTheDocument();
    expect(screen.getByRole('form', { name: 'I already have a Préau username' })).toBeInTheDocument();
  });

  it('has no serious or critical axe-core violations', async () => {
    mockLinkPage(EDUCONNECT_PENDING);
    renderApp('/connexion/lier');
    await screen.findByRole('form', { name: 'J’ai reçu une lettre de l’école' }, FIRST_LOAD);
    await waitFor(() => expect(document.title).toBe('Relier votre compte · Préau'));
    expect(await noBlockingViolations()).toEqual([]);
  });
});
