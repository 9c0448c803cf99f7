import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { makeDeviceState } from '../../test/classCardsFixtures';
import { makeMe } from '../../test/fixtures';
import { apiError, json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';
import { CLASS_TABLET_KEY } from './classTablet';

const FIRST_LOAD = { timeout: 20_000 };
const pupilLea = makeMe({ id: 9, roles: ['pupil'], person: { id: 101, first_name: 'Léa', last_name: 'Martin' } });

describe('a class’s tablet', () => {
  it('is remembered by its page, and forgotten when the server no longer knows it', async () => {
    let enrolled = true;
    mockFetch({
      'GET /api/v1/class-cards/device/': () =>
        enrolled ? json(200, makeDeviceState()) : apiError(403, 'device_revoked', 'Cet appareil a été retiré.'),
    });
    const first = renderApp('/classe');
    await screen.findByRole('button', { name: 'Léa' }, FIRST_LOAD);
    await waitFor(() => expect(window.localStorage.getItem(CLASS_TABLET_KEY)).toBe('1'));
    first.unmount();

    enrolled = false;
    renderApp('/classe');
    await screen.findByRole('alert', {}, FIRST_LOAD);
    await waitFor(() => expect(window.localStorage.getItem(CLASS_TABLET_KEY)).toBeNull());
  });

  it('opens the class’s page again when a pupil signs out there', async () => {
    window.localStorage.setItem(CLASS_TABLET_KEY, '1');
    let signedIn = true;
    mockFetch({
      'GET /api/v1/accounts/me/': () =>
        signedIn ? json(200, pupilLea) : apiError(401, 'not_authenticated', 'Non authentifié.'),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      'POST /api/v1/accounts/logout/': () => {
        signedIn = false;
        return new Response(null, { status: 204 });
      },
      'GET /api/v1/class-cards/device/': () => json(200, makeDeviceState()),
    });
    const { user, currentPath } = renderApp('/moi');
    await user.click(await screen.findByRole('button', { name: 'Se déconnecter' }, FIRST_LOAD));

    expect(await screen.findByRole('heading', { level: 2, name: 'Qui es-tu ?' })).toBeInTheDocument();
    expect(currentPath()).toBe('/classe');
  });

  it('is linked from the login page', async () => {
    window.localStorage.setItem(CLASS_TABLET_KEY, '1');
    mockFetch({ 'GET /api/v1/accounts/me/': () => apiError(401, 'not_authenticated', 'Non authentifié.') });
    renderApp('/connexion');
    expect(await screen.findByRole('link', { name: 'Connexion de la classe (cartes)' }, FIRST_LOAD)).toHaveAttribute(
      'href',
      '/classe',
    );
  });

  it('is not linked from the login page of another browser', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => apiError(401, 'not_authenticated', 'Non authentifié.') });
    renderApp('/connexion');
    expect(await screen.findByRole('button', { name: 'Se connecter' }, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Connexion de la classe (cartes)' })).not.toBeInTheDocument();
  });
});
