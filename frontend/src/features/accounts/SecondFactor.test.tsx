import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const CODE_LABEL = "Code à 6 chiffres de votre application d'authentification";
const notAuthenticated = () => apiError(401, 'not_authenticated', 'Authentification requise.');
const csrf = () => {
  document.cookie = 'csrftoken=tok-1; path=/';
  return json(200, { csrf_token: 'tok-1' });
};
const teacher = makeMe({ username: 'paul.durand', display_name: 'Paul Durand', roles: ['teacher'] });
const noSessions = () => json(200, { count: 0, next: null, previous: null, results: [] });

async function signIn(user: ReturnType<typeof renderApp>['user']) {
  await user.type(await screen.findByLabelText('Identifiant'), 'paul.durand');
  await user.type(screen.getByLabelText('Mot de passe'), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Se connecter' }));
}

describe('Login second step', () => {
  it('asks for the code, shows a wrong code on its field, then signs in', async () => {
    let attempts = 0;
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () => json(200, { otp_required: true, otp_setup_required: false }),
      'POST /api/v1/accounts/login/otp/': () => {
        attempts += 1;
        if (attempts === 1) {
          const message = 'Code incorrect : vérifiez l’heure de votre téléphone et réessayez.';
          return apiError(400, 'invalid_code', message, { code: [message] });
        }
        return json(200, teacher);
      },
      'GET /api/v1/accounts/me/sessions/': noSessions,
      'GET /api/v1/accounts/me/otp/': () => json(200, { available: true, enabled: true, required: false }),
    });
    const { user, currentPath } = renderApp('/connexion');
    await signIn(user);

    const code = await screen.findByLabelText(CODE_LABEL);
    expect(code).toHaveAttribute('autocomplete', 'one-time-code');
    expect(currentPath()).toBe('/connexion');
    await user.type(code, '123456');
    await user.click(screen.getByRole('button', { name: 'Valider' }));

    await waitFor(() =>
      expect(screen.getByLabelText(CODE_LABEL)).toHaveAccessibleDescription(
        'Code incorrect : vérifiez l’heure de votre téléphone et réessayez.',
      ),
    );
    await user.clear(screen.getByLabelText(CODE_LABEL));
    await user.type(screen.getByLabelText(CODE_LABEL), '654321');
    await user.click(screen.getByRole('button', { name: 'Valider' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Aujourd’hui' })).toBeInTheDocument();
    expect(currentPath()).toBe('/');
    const sent = requestsTo('POST', '/api/v1/accounts/login/otp/').map((r) => JSON.parse(r.body));
    expect(sent).toEqual([{ code: '123456' }, { code: '654321' }]);
  });

  it('does not send an empty code', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () => json(200, { otp_required: true, otp_setup_required: false }),
    });
    const { user } = renderApp('/connexion');
    await signIn(user);

    await user.click(await screen.findByRole('button', { name: 'Valider' }));

    expect(screen.getByLabelText(CODE_LABEL)).toHaveAccessibleDescription('Saisissez le code à 6 chiffres.');
    expect(requestsTo('POST', '/api/v1/accounts/login/otp/')).toHaveLength(0);
  });

  it('has no serious or critical axe-core violations', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': notAuthenticated,
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () => json(200, { otp_required: true, otp_setup_required: false }),
    });
    const { user } = renderApp('/connexion');
    await signIn(user);
    await screen.findByLabelText(CODE_LABEL);

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});

describe('Double authentification on Mon espace', () => {
  it('lets a teacher set it up with the key and a first code', async () => {
    let enabled = false;
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, teacher),
      'GET /api/v1/accounts/me/sessions/': noSessions,
      'GET /api/v1/accounts/me/otp/': () => json(200, { available: true, enabled, required: false }),
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/me/otp/': () =>
        json(201, { otpauth_uri: 'otpauth://totp/Pr%C3%A9au:paul.durand?secret=JBSWY3DPEHPK3PXP', secret: 'JBSWY3DPEHPK3PXP' }),
      'POST /api/v1/accounts/me/otp/confirm/': () => {
        enabled = true;
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderApp('/moi');

    const section = await screen.findByRole('region', { name: 'Double authentification' });
    await user.click(await within(section).findByRole('button', { name: 'Activer la double authentification' }));
    expect(await within(section).findByText('JBSWY3DPEHPK3PXP')).toBeInTheDocument();
    await user.type(within(section).getByLabelText(CODE_LABEL), '123456');
    await user.click(within(section).getByRole('button', { name: 'Confirmer' }));

    expect(await within(section).findByText('La double authentification est activée.')).toBeInTheDocument();
    expect(JSON.parse(requestsTo('POST', '/api/v1/accounts/me/otp/confirm/')[0]?.body ?? '{}')).toEqual({
      code: '123456',
    });
  });

  it('is not offered to a guardian', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/accounts/me/sessions/': noSessions,
    });
    renderApp('/moi');

    expect(await screen.findByRole('heading', { level: 1, name: 'Mon espace' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Double authentification' })).not.toBeInTheDocument();
  });
});
