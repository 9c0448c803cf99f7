import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const director = makeMe({
  username: 'directeur',
  display_name: 'Paul Durand',
  roles: ['director'],
  schools: [{ id: 3, uai: '0940123A', name: 'École Jules Ferry', commune_name: 'Vitry-sur-Seine', role: 'director' }],
});
const csrf = () => {
  document.cookie = 'csrftoken=tok-1; path=/';
  return json(200, { csrf_token: 'tok-1' });
};
const classrooms = () =>
  json(200, { count: 1, next: null, previous: null, results: [{ id: 7, name: 'CE2 B', levels: ['CE2'] }] });

describe('InvitationLettersButton on "Mon espace"', () => {
  it('is shown to a director only', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => json(200, guardianWithTwoChildren) });
    renderApp('/moi');
    expect(await screen.findByRole('region', { name: 'Mes données' }, { timeout: 20_000 })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Lettres d’invitation' })).not.toBeInTheDocument();
  });

  it('asks for the letters of the whole school and says when they are downloaded', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, director),
      'GET /api/v1/schools/classrooms/': classrooms,
      'GET /api/v1/accounts/csrf/': csrf,
      'GET /api/v1/homework/schools/3/settings/': () => json(200, { school_id: 3, families_see_lessons: true }),
      'POST /api/v1/schools/3/invitations/': () =>
        new Response('%PDF-1.4', {
          status: 200,
          headers: { 'Content-Type': 'application/pdf' },
        }),
    });
    const { user } = renderApp('/moi');

    await user.click(await screen.findByRole('button', { name: 'Lettres d’invitation (PDF)' }, { timeout: 20_000 }));

    const done = await screen.findByText('Les lettres ont été téléchargées.', {}, { timeout: 20_000 });
    expect(done.closest('[role="status"]')).not.toBeNull();
    const [request] = requestsTo('POST', '/api/v1/schools/3/invitations/');
    expect(JSON.parse(request?.body ?? '{}')).toEqual({ classroom: null });
    expect(request?.headers.get('X-CSRFToken')).toBe('tok-1');
  });

  it('shows the server’s message when no guardian needs a letter', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, director),
      'GET /api/v1/schools/classrooms/': classrooms,
      'GET /api/v1/accounts/me/sessions/': () => json(200, { count: 0, next: null, previous: null, results: [] }),
      'GET /api/v1/accounts/me/otp/': () => json(200, { available: true, enabled: false, required: false }),
      'GET /api/v1/accounts/csrf/': csrf,
      'GET /api/v1/homework/schools/3/settings/': () => json(200, { school_id: 3, families_see_lessons: true }),
      'POST /api/v1/schools/3/invitations/': () =>
        apiError(400, 'no_guardian_to_invite', 'Aucun responsable de l’école sans compte.'),
    });
    const { user } = renderApp('/moi');
    await user.click(await screen.findByRole('button', { name: 'Lettres d’invitation (PDF)' }, { timeout: 20_000 }));
    const refused = await screen.findByText('Aucun responsable de l’école sans compte.');
    expect(refused.closest('[role="alert"]')).not.toBeNull();
  });
});
