import { screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { UserSession } from '../../api/types';
import { apiError, json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const csrf = () => {
  document.cookie = 'csrftoken=tok-1; path=/';
  return json(200, { csrf_token: 'tok-1' });
};
const session = (id: number, device: string, current: boolean): UserSession => ({
  id,
  device,
  current,
  created_at: '2026-11-20T07:30:00Z',
  last_seen_at: '2026-11-25T17:45:00Z',
  ip_address: `192.0.2.${id}`,
  user_agent: '',
  method: id === 1 ? 'password_totp' : 'saml',
  provider: id === 1 ? '' : 'educonnect',
});
const page = (results: UserSession[]) => json(200, { count: results.length, next: null, previous: null, results });

describe('"Mes sessions" on Mon espace', () => {
  it('lists the devices, marks this one, and signs another one out', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/accounts/me/sessions/': () =>
        page([session(1, 'Firefox · Windows', true), session(2, 'Chrome · Android', false)]),
      'GET /api/v1/accounts/csrf/': csrf,
      'DELETE /api/v1/accounts/me/sessions/2/': () => new Response(null, { status: 204 }),
    });
    const { user, container } = renderApp('/moi');

    const section = await screen.findByRole('region', { name: 'Mes sessions' });
    const items = await within(section).findAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Cet appareil');
    expect(items[0]).toHaveTextContent('192.0.2.1');
    expect(items[0]).toHaveTextContent('Connexion par : mot de passe et code à usage unique');
    expect(items[1]).toHaveTextContent('Connexion par : fédération d’identité (educonnect)');
    expect(items[1]).not.toHaveTextContent('Cet appareil');
    const results = await axe.run(container);
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    await user.click(within(items[1]!).getByRole('button', { name: /Se déconnecter de cet appareil : Chrome · Android/ }));

    expect(await within(section).findByRole('status')).toHaveTextContent('L’appareil a été déconnecté.');
    expect(within(section).getAllByRole('listitem')).toHaveLength(1);
    expect(requestsTo('DELETE', '/api/v1/accounts/me/sessions/2/')).toHaveLength(1);
  });

  it('signs the other devices out at once', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/accounts/me/sessions/': () =>
        page([session(1, 'Firefox · Windows', true), session(2, 'Chrome · Android', false), session(3, '', false)]),
      'GET /api/v1/accounts/csrf/': csrf,
      'POST /api/v1/accounts/me/sessions/end-others/': () => json(200, { ended: 2 }),
    });
    const { user } = renderApp('/moi');
    const section = await screen.findByRole('region', { name: 'Mes sessions' });
    expect(await within(section).findByText('Appareil inconnu')).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Déconnecter les autres appareils' }));

    expect(await within(section).findByRole('status')).toHaveTextContent('2 autres appareils ont été déconnectés.');
    expect(within(section).getAllByRole('listitem')).toHaveLength(1);
  });
});

describe('An expired session', () => {
  it('sends the user to the login page with a French explanation', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () =>
        apiError(401, 'session_expired', 'Votre session a expiré. Reconnectez-vous.'),
    });
    const { currentPath } = renderApp('/moi');

    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion à Préau' })).toBeInTheDocument();
    expect(currentPath()).toBe('/connexion');
    expect(screen.getByRole('status')).toHaveTextContent('Votre session a expiré. Reconnectez-vous.');
  });

  it('is not mentioned to someone who simply is not signed in', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => apiError(401, 'not_authenticated', 'Authentification requise.') });
    renderApp('/moi');
    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion à Préau' })).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });
});
