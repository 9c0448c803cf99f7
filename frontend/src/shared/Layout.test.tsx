import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { apiError, json, mockFetch } from '../test/fetchMock';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { guardianWithTwoChildren } from '../test/fixtures';
import { renderApp } from '../test/render';
import { OFFLINE_CACHE } from './offline';

describe('Layout', () => {
  it('has header, role-aware main navigation and main landmarks', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren) });
    renderApp('/');

    const nav = await screen.findByRole('navigation', { name: 'Navigation principale' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual([
      'Aujourd’hui',
      'Mon espace',
      'Emploi du temps',
      'Devoirs',
      'Livret',
      'Absences',
      'Messagerie',
      'Cahier de liaison',
      'Annonces et sondages',
      'Abonnement calendrier',
    ]);
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Ouvrir le menu' })).toHaveAttribute('aria-expanded', 'false');
  });

  it('logs out: POSTs with the CSRF header, clears the cache and goes to /connexion', async () => {
    // The pages the service worker kept for offline reading go too (docs/pwa.md).
    const deleted: string[] = [];
    vi.stubGlobal('caches', {
      delete: async (name: string) => {
        deleted.push(name);
        return true;
      },
    });
    document.cookie = 'csrftoken=tok-logout; path=/';
    let loggedIn = true;
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () =>
        loggedIn ? json(200, guardianWithTwoChildren) : apiError(401, 'not_authenticated', 'Non authentifié.'),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'tok-logout' }),
      'POST /api/v1/accounts/logout/': () => {
        loggedIn = false;
        return new Response(null, { status: 204 });
      },
    });
    const { user, queryClient, currentPath } = renderApp('/moi');

    await screen.findByText('Léa Martin');
    await user.click(screen.getByRole('button', { name: 'Se déconnecter' }));

    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
    expect(currentPath()).toBe('/connexion');
    const [logout] = requestsTo('POST', '/api/v1/accounts/logout/');
    expect(logout?.headers.get('X-CSRFToken')).toBe('tok-logout');
    expect(screen.queryByText('Léa Martin')).not.toBeInTheDocument();
    await waitFor(() => expect(queryClient.getQueryData(['accounts', 'me'])).toBeUndefined());
    expect(deleted).toEqual([OFFLINE_CACHE]);
  });

  it('opens the live socket once signed in and closes it on logout', async () => {
    document.cookie = 'csrftoken=tok-logout; path=/';
    let loggedIn = true;
    mockFetch({
      'GET /api/v1/accounts/me/': () =>
        loggedIn ? json(200, guardianWithTwoChildren) : apiError(401, 'not_authenticated', 'Non authentifié.'),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'tok-logout' }),
      'POST /api/v1/accounts/logout/': () => {
        loggedIn = false;
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderApp('/moi');

    await screen.findByText('Léa Martin');
    const open = FakeWebSocket.instances.filter((socket) => socket.closedWith === null);
    expect(open).toHaveLength(1);
    expect(open[0]?.url).toBe('ws://localhost:3000/ws/events/');

    await user.click(screen.getByRole('button', { name: 'Se déconnecter' }));
    await screen.findByRole('button', { name: 'Se connecter' });
    expect(FakeWebSocket.instances.every((socket) => socket.closedWith !== null)).toBe(true);
  });
});
