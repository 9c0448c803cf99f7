import { screen, waitFor } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const CODE_LABEL = "Code à 6 chiffres de votre application d'authentification";
const csrf = () => {
  document.cookie = 'csrftoken=tok-1; path=/';
  return json(200, { csrf_token: 'tok-1' });
};
const director = makeMe({ username: 'marie.leroy', display_name: 'Marie Leroy', roles: ['director'] });
const setupRequired = () =>
  apiError(403, 'otp_setup_required', 'Activez d’abord la double authentification de votre compte.');
const noSessions = () => json(200, { count: 0, next: null, previous: null, results: [] });
const SETUP = { otpauth_uri: 'otpauth://totp/Pr%C3%A9au:marie.leroy?secret=JBSWY3DPEHPK3PXP', secret: 'JBSWY3DPEHPK3PXP' };

describe('First login of a role that must use a second factor', () => {
  it('goes from the login to the setup page, then home once a code confirms the device', async () => {
    let enabled = false;
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => (enabled ? json(200, director) : apiError(401, 'not_authenticated', 'Authentification requise.')),
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/login/': () => json(200, { otp_required: false, otp_setup_required: true }),
      'GET /api/v1/accounts/me/otp/': () => json(200, { available: true, enabled, required: true }),
      'POST /api/v1/accounts/me/otp/': () => json(201, SETUP),
      'POST /api/v1/accounts/me/otp/confirm/': () => {
        enabled = true;
        return new Response(null, { status: 204 });
      },
      'GET /api/v1/accounts/me/sessions/': noSessions,
    });
    const { user, currentPath } = renderApp('/connexion');
    await user.type(await screen.findByLabelText('Identifiant'), 'marie.leroy');
    await user.type(screen.getByLabelText('Mot de passe'), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Activer la double authentification' })).toBeInTheDocument();
    expect(currentPath()).toBe('/double-authentification');
    await user.click(screen.getByRole('button', { name: 'Activer la double authentification' }));
    expect(await screen.findByText('JBSWY3DPEHPK3PXP')).toBeInTheDocument();
    await user.type(screen.getByLabelText(CODE_LABEL), '123456');
    await user.click(screen.getByRole('button', { name: 'Confirmer' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Aujourd’hui' })).toBeInTheDocument();
    expect(currentPath()).toBe('/');
    expect(JSON.parse(requestsTo('POST', '/api/v1/accounts/me/otp/confirm/')[0]?.body ?? '{}')).toEqual({ code: '123456' });
  });

  it('sends any other page of a setup-only session to the setup page', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': setupRequired,
      'GET /api/v1/accounts/me/otp/': () => json(200, { available: true, enabled: false, required: true }),
    });
    const { currentPath } = renderApp('/direction/journal');

    expect(await screen.findByRole('heading', { level: 1, name: 'Activer la double authentification' })).toBeInTheDocument();
    await waitFor(() => expect(currentPath()).toBe('/double-authentification'));
  });

  it('has no serious or critical axe-core violations with the key shown', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': setupRequired,
      'GET /api/v1/accounts/me/otp/': () => json(200, { available: true, enabled: false, required: true }),
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/me/otp/': () => json(201, SETUP),
    });
    const { user } = renderApp('/double-authentification');
    await user.click(await screen.findByRole('button', { name: 'Activer la double authentification' }));
    await screen.findByText('JBSWY3DPEHPK3PXP');

    const results = await axe.run(document, { resultTypes: ['violations'] });
    const blocking = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    expect(blocking).toEqual([]);
  });
});
