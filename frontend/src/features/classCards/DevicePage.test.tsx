import { screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { makeDeviceState } from '../../test/classCardsFixtures';
import { makeMe } from '../../test/fixtures';
import { apiError, json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

// The camera's picture holds a card from the first frame (jsdom films nothing).
vi.mock('./qrDecoder', () => ({ decodeVideoFrame: () => 'preau-card:abc' }));

const DEVICE = '/api/v1/class-cards/device/';
const SIGN_IN = '/api/v1/class-cards/device/sign-in/';
const FIRST_LOAD = { timeout: 20_000 };
const pupilLea = makeMe({
  id: 9,
  username: 'eleve-101',
  display_name: 'Léa Martin',
  roles: ['pupil'],
  person: { id: 101, first_name: 'Léa', last_name: 'Martin' },
});

async function seriousViolations(): Promise<string[]> {
  const results = await axe.run(document, { resultTypes: ['violations'] });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('DevicePage (the classroom tablet)', () => {
  beforeEach(() => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockResolvedValue(undefined);
  });
  afterEach(() => {
    vi.restoreAllMocks();
    Reflect.deleteProperty(navigator, 'mediaDevices');
  });

  it('signs a pupil in with their name and two pictures, then opens their home page', async () => {
    const { requestsTo } = mockFetch({
      [`GET ${DEVICE}`]: () => json(200, makeDeviceState()),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      [`POST ${SIGN_IN}`]: () =>
        json(200, { pupil: { id: 101, first_name: 'Léa' }, method: 'pictures', ends_at: '2026-12-03T17:00:00+01:00' }),
      'GET /api/v1/accounts/me/': () => json(200, pupilLea),
    });
    const { user, currentPath } = renderApp('/classe');

    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion · CP A' }, FIRST_LOAD)).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: 'Qui es-tu ?' })).toHaveFocus();
    const names = screen.getByRole('list', { name: 'Les prénoms de la classe' });
    expect(within(names).getAllByRole('button').map((button) => button.textContent)).toEqual(['Léa', 'Hugo', 'Inès']);
    expect(await seriousViolations()).toEqual([]);

    await user.click(within(names).getByRole('button', { name: 'Léa' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Bonjour Léa !' })).toHaveFocus();
    const pictures = screen.getByRole('list', { name: 'Les images de Léa' });
    expect(within(pictures).getAllByRole('button')).toHaveLength(9);
    expect(await seriousViolations()).toEqual([]);
    await user.click(within(pictures).getByRole('button', { name: 'Fleur' }));
    expect(requestsTo('POST', SIGN_IN)).toHaveLength(0);
    await user.click(within(pictures).getByRole('button', { name: 'Chat' }));

    await waitFor(() => expect(currentPath()).toBe('/'));
    expect(JSON.parse(requestsTo('POST', SIGN_IN)[0]?.body ?? '')).toEqual({ pupil: 101, pictures: ['fleur', 'chat'] });
    expect(requestsTo('POST', SIGN_IN)[0]?.headers.get('X-CSRFToken')).toBe('token');
  });

  it('takes the pictures back after wrong ones, and stops after too many tries', async () => {
    let tries = 0;
    mockFetch({
      [`GET ${DEVICE}`]: () => json(200, makeDeviceState()),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      [`POST ${SIGN_IN}`]: () => {
        tries += 1;
        return tries === 1
          ? apiError(400, 'wrong_pictures', 'Ce ne sont pas les bonnes images. Essaie encore !', {
              pictures: ['Ce ne sont pas les bonnes images. Essaie encore !'],
            })
          : apiError(429, 'throttled', 'Trop d’essais : attends un peu.', {}, { 'Retry-After': '600' });
      },
    });
    const { user } = renderApp('/classe');
    await user.click(await screen.findByRole('button', { name: 'Hugo' }, FIRST_LOAD));
    await user.click(screen.getByRole('button', { name: 'Soleil' }));
    await user.click(screen.getByRole('button', { name: 'Arbre' }));

    const wrong = await screen.findByRole('alert');
    expect(wrong).toHaveTextContent('Ce ne sont pas tes images');
    expect(wrong).toHaveTextContent('Ce ne sont pas les bonnes images. Essaie encore !');
    expect(screen.getByRole('button', { name: 'Soleil' })).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByRole('button', { name: 'Arbre' })).toHaveAttribute('aria-pressed', 'false');

    await user.click(screen.getByRole('button', { name: 'Pomme' }));
    await user.click(screen.getByRole('button', { name: 'Maison' }));
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Trop d’essais : demande à ton enseignant.'));
    expect(screen.getByRole('button', { name: 'Pomme' })).toBeDisabled();
    expect(await seriousViolations()).toEqual([]);

    // « Ce n'est pas moi »: back to the names.
    await user.click(screen.getByRole('button', { name: 'Ce n’est pas moi' }));
    expect(screen.getByRole('heading', { level: 2, name: 'Qui es-tu ?' })).toBeInTheDocument();
  });

  it('says so on a browser that is not an enrolled tablet', async () => {
    mockFetch({
      [`GET ${DEVICE}`]: () =>
        apiError(403, 'permission_denied', 'Cet appareil n’est pas inscrit pour les cartes de classe.'),
    });
    renderApp('/classe');
    const alert = await screen.findByRole('alert', {}, FIRST_LOAD);
    expect(alert).toHaveTextContent('Tablette non enregistrée');
    expect(alert).toHaveTextContent('Cet appareil n’est pas inscrit pour les cartes de classe.');
    expect(screen.queryByRole('button', { name: 'Montrer ma carte' })).not.toBeInTheDocument();
  });

  it('says when cards do not work, outside the school’s hours', async () => {
    mockFetch({
      [`GET ${DEVICE}`]: () =>
        json(200, makeDeviceState({ cards_open: false, closed_reason: 'Les cartes marchent de 08:00 à 17:00, les jours d’école.' })),
    });
    renderApp('/classe');
    const alert = await screen.findByRole('alert', {}, FIRST_LOAD);
    expect(alert).toHaveTextContent('Pas maintenant');
    expect(alert).toHaveTextContent('Les cartes marchent de 08:00 à 17:00, les jours d’école.');
    expect(screen.queryByRole('button', { name: 'Léa' })).not.toBeInTheDocument();
  });

  it('signs a pupil in with the card shown to the camera; an unknown card is refused', async () => {
    Object.defineProperty(navigator, 'mediaDevices', {
      configurable: true,
      value: { getUserMedia: vi.fn().mockResolvedValue({ getTracks: () => [{ stop: vi.fn() }] }) },
    });
    let tries = 0;
    const { requestsTo } = mockFetch({
      [`GET ${DEVICE}`]: () => json(200, makeDeviceState()),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      [`POST ${SIGN_IN}`]: () => {
        tries += 1;
        return tries === 1
          ? apiError(400, 'invalid_card', 'Cette carte n’est pas reconnue. Demande à ton enseignant·e.', {
              qr: ['Cette carte n’est pas reconnue.'],
            })
          : json(200, { pupil: { id: 101, first_name: 'Léa' }, method: 'qr', ends_at: '2026-12-03T17:00:00+01:00' });
      },
      'GET /api/v1/accounts/me/': () => json(200, pupilLea),
    });
    const { user, currentPath } = renderApp('/classe');
    await user.click(await screen.findByRole('button', { name: 'Montrer ma carte' }, FIRST_LOAD));
    expect(screen.getByRole('heading', { level: 2, name: 'Montre ta carte' })).toHaveFocus();

    const refused = await screen.findByRole('alert');
    expect(refused).toHaveTextContent('Carte non reconnue');
    expect(JSON.parse(requestsTo('POST', SIGN_IN)[0]?.body ?? '')).toEqual({ qr: 'preau-card:abc' });
    // The same card still in front of the camera is read again a few seconds later.
    await waitFor(() => expect(currentPath()).toBe('/'), { timeout: 10_000 });
    expect(requestsTo('POST', SIGN_IN)).toHaveLength(2);
  }, 20_000);
});
