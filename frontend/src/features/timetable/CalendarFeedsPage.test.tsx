import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { page } from '../../test/timetableFixtures';

const existing = {
  id: 4,
  label: 'Ordinateur',
  created_at: '2026-11-02T09:15:00+01:00',
  last_used_at: null,
};

describe('CalendarFeedsPage (Abonnement calendrier)', () => {
  it('creates a feed and shows its secret URL once, with a copy button and instructions', async () => {
    let feeds = [existing];
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'tok' }),
      'GET /api/v1/timetable/feeds/': () => json(200, page(feeds)),
      'POST /api/v1/timetable/feeds/': () => {
        const created = { id: 5, label: 'Téléphone', created_at: '2026-11-29T10:00:00+01:00', last_used_at: null };
        feeds = [created, existing];
        return json(201, { ...created, url: 'http://localhost:3000/api/v1/timetable/ical/s3cr3t.ics' });
      },
    });
    const { user } = renderApp('/calendrier');

    expect(await screen.findByRole('heading', { level: 1, name: 'Abonnement calendrier' })).toBeInTheDocument();
    const list = screen.getByRole('region', { name: 'Mes abonnements' });
    expect(await within(list).findByText('Ordinateur')).toBeInTheDocument();
    expect(within(list).getByText('Créé le lundi 2 novembre 2026')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Nom de l’abonnement (facultatif)'), 'Téléphone');
    await user.click(screen.getByRole('button', { name: 'Créer une adresse d’abonnement' }));

    const created = await screen.findByRole('region', { name: 'Votre adresse d’abonnement' });
    expect(within(created).getByLabelText('Adresse d’abonnement')).toHaveValue(
      'http://localhost:3000/api/v1/timetable/ical/s3cr3t.ics',
    );
    expect(within(created).getByRole('button', { name: 'Copier l’adresse' })).toBeInTheDocument();
    expect(within(created).getByRole('link', { name: 'Ouvrir dans mon agenda' })).toHaveAttribute(
      'href',
      'webcal://localhost:3000/api/v1/timetable/ical/s3cr3t.ics',
    );
    expect(created).toHaveTextContent('Ajoutez cette adresse dans votre agenda (Google Agenda, Apple Calendrier, Outlook)');
    expect(created).toHaveTextContent('n’est affichée qu’une seule fois');
    expect(JSON.parse(requestsTo('POST', '/api/v1/timetable/feeds/')[0]?.body ?? '{}')).toEqual({ label: 'Téléphone' });
    expect(await within(list).findByText('Téléphone')).toBeInTheDocument();

    // Once hidden, the URL is gone for good.
    await user.click(within(created).getByRole('button', { name: 'J’ai copié l’adresse' }));
    expect(screen.queryByText(/s3cr3t/)).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue(/s3cr3t/)).not.toBeInTheDocument();
  });

  it('revokes a feed after confirmation', async () => {
    let feeds = [existing];
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'tok' }),
      'GET /api/v1/timetable/feeds/': () => json(200, page(feeds)),
      'DELETE /api/v1/timetable/feeds/4/': () => {
        feeds = [];
        return new Response(null, { status: 204 });
      },
    });
    const { user } = renderApp('/calendrier');

    await user.click(await screen.findByRole('button', { name: 'Révoquer l’abonnement « Ordinateur »' }));
    await user.click(screen.getByRole('button', { name: 'Confirmer la révocation' }));

    expect(await screen.findByText('Aucun abonnement actif.')).toBeInTheDocument();
    await waitFor(() => expect(requestsTo('DELETE', '/api/v1/timetable/feeds/4/')).toHaveLength(1));
  });
});
