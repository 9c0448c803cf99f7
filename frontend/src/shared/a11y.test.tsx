import { Modal } from '@mantine/core';
import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../test/fetchMock';
import { FakeWebSocket } from '../test/fakeWebSocket';
import { guardianWithTwoChildren } from '../test/fixtures';
import { renderApp, renderWithProviders } from '../test/render';
import { changeLanguage } from './i18n';

const FIRST_LOAD = { timeout: 20_000 };

describe('accessibility of the frame', () => {
  it('every signed-in page has a footer (contentinfo) linking to the accessibility statement', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren) });
    renderApp('/');

    const footer = await screen.findByRole('contentinfo', {}, FIRST_LOAD);
    const link = within(footer).getByRole('link', { name: 'Accessibilité : partiellement conforme' });
    expect(link).toHaveAttribute('href', '/accessibilite');
    // Outside <main>: a footer inside it would not be a contentinfo landmark.
    expect(screen.getByRole('main').contains(footer)).toBe(false);
  });

  it('the login page has the footer too', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => apiError(401, 'not_authenticated', 'Non authentifié.') });
    renderApp('/connexion');

    const footer = await screen.findByRole('contentinfo', {}, FIRST_LOAD);
    expect(within(footer).getByRole('link', { name: 'Accessibilité : partiellement conforme' })).toBeInTheDocument();
  });

  it('the accessibility statement is public, in French and in English', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => apiError(401, 'not_authenticated', 'Non authentifié.'),
    });
    const { currentPath } = renderApp('/accessibilite');

    expect(await screen.findByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' }, FIRST_LOAD)).toBeInTheDocument();
    expect(currentPath()).toBe('/accessibilite'); // no redirection to the login page
    expect(requestsTo('GET', '/api/v1/accounts/me/')).toHaveLength(0);
    expect(screen.getByText(/partiellement conforme avec le référentiel général d’amélioration de l’accessibilité/)).toBeInTheDocument();
    for (const name of ['État de conformité', 'Résultats des tests', 'Contenus non accessibles',
      'Établissement de cette déclaration', 'Retour d’information et contact', 'Voies de recours']) {
      expect(screen.getByRole('heading', { level: 2, name })).toBeInTheDocument();
    }
    expect(screen.getByRole('heading', { level: 3, name: 'Environnement et méthode de test' })).toBeInTheDocument();
    expect(screen.getByText(/axe-core, toutes règles activées/)).toBeInTheDocument();
    expect(screen.getByText(/Défenseur des droits, Libre réponse 71120/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'https://formulaire.defenseurdesdroits.fr/' })).toHaveAttribute(
      'href',
      'https://formulaire.defenseurdesdroits.fr/',
    );
    expect(screen.getByRole('link', { name: /@/ })).toHaveAttribute('href', expect.stringMatching(/^mailto:/));

    await act(() => changeLanguage('en'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Accessibility statement' })).toBeInTheDocument();
    expect(screen.getByText(/partially compliant with the French accessibility framework/)).toBeInTheDocument();
    await act(() => changeLanguage('fr'));
  });

  it('a dialog adds no second banner landmark (its header is not a <header>)', async () => {
    renderWithProviders(
      <Modal opened onClose={() => undefined} title="Nouveau message">
        contenu
      </Modal>,
    );
    const dialog = await screen.findByRole('dialog', { name: 'Nouveau message' });
    expect(dialog.querySelector('header')).toBeNull();
  });

  it('announces a message arriving by the live channel in the one polite live region', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren) });
    renderApp('/moi');
    await screen.findByText('Léa Martin', {}, FIRST_LOAD);

    const regions = document.querySelectorAll('[aria-live="polite"]#annonces-en-direct');
    expect(regions).toHaveLength(1);
    const region = regions[0]!;
    expect(region).toHaveTextContent('');
    const socket = FakeWebSocket.latest()!;
    act(() => socket.open());
    act(() =>
      socket.receive({
        type: 'message.created',
        conversation_id: 4,
        subject: 'Sortie au musée',
        kind: 'conversation',
        message_id: 9,
        author_id: 77,
        author_name: 'Paul Durand',
        excerpt: 'Bonjour',
        attachment_count: 0,
        created_at: '2026-11-24T08:00:00Z',
      }),
    );
    await waitFor(() => expect(region).toHaveTextContent('Nouveau message de Paul Durand : Sortie au musée'));

    act(() =>
      socket.receive({
        type: 'attendance.absence_recorded',
        absence_id: 5,
        pupil_id: 101,
        date: '2026-11-24',
        half_day: 'morning',
        absence_kind: 'absent',
      }),
    );
    await waitFor(() => expect(region).toHaveTextContent('Nouvelle absence enregistrée pour Léa Martin.'));
  });
});
