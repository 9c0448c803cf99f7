import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { apiError, json, mockFetch } from '../test/fetchMock';
import { guardianWithTwoChildren } from '../test/fixtures';
import { renderApp } from '../test/render';
import { AppProviders } from './AppProviders';
import { AppStatus } from './AppStatus';
import { OFFLINE_CACHE } from './offline';

describe('offline reading', () => {
  it('tells the user the app is offline, and when it is back', async () => {
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true);
    render(
      <AppProviders>
        <AppStatus />
      </AppProviders>,
    );
    expect(screen.queryByText('Hors ligne')).not.toBeInTheDocument();

    onLine.mockReturnValue(false);
    act(() => void window.dispatchEvent(new Event('offline')));
    expect(screen.getByRole('status')).toHaveTextContent(
      'Hors ligneVous voyez les dernières informations reçues.',
    );

    onLine.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event('online')));
    expect(screen.queryByText('Hors ligne')).not.toBeInTheDocument();
  });

  it('forgets the pages kept for offline reading when the user signs out', async () => {
    const deleted: string[] = [];
    vi.stubGlobal('caches', {
      delete: async (name: string) => {
        deleted.push(name);
        return true;
      },
    });
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
    expect(deleted).toEqual([]);
    await user.click(screen.getByRole('button', { name: 'Se déconnecter' }));

    expect(await screen.findByRole('button', { name: 'Se connecter' })).toBeInTheDocument();
    expect(deleted).toEqual([OFFLINE_CACHE]);
  });
});
