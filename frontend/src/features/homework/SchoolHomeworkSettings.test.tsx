import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const director = makeMe({
  display_name: 'Anne Leroy',
  roles: ['director'],
  schools: [{ id: 3, uai: '0940123A', name: 'École Jules Ferry', commune_name: 'Vitry-sur-Seine', role: 'director' }],
});
const SETTINGS = '/api/v1/homework/schools/3/settings/';
// Mantine's label wraps the description too: the name starts with the label.
const LABEL = /^Montrer aux familles ce qui a été fait en classe — École Jules Ferry/;

describe('The director’s switch: families read the cahier de textes', () => {
  it('is on by default and holds the cahier de textes back when switched off', async () => {
    const { requestsTo } = mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, director),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      [`GET ${SETTINGS}`]: () => json(200, { school_id: 3, families_see_lessons: true }),
      [`PUT ${SETTINGS}`]: () => json(200, { school_id: 3, families_see_lessons: false }),
    });
    const { user } = renderApp('/moi');

    const section = await screen.findByRole('region', { name: 'Réglages de l’école' });
    const toggle = await within(section).findByRole('switch', { name: LABEL });
    expect(toggle).toBeChecked();

    await user.click(toggle);

    await waitFor(() => expect(requestsTo('PUT', SETTINGS)).toHaveLength(1));
    const [put] = requestsTo('PUT', SETTINGS);
    expect(JSON.parse(put?.body ?? '')).toEqual({ families_see_lessons: false });
    expect(put?.headers.get('X-CSRFToken')).toBe('token');
    expect(await within(section).findByText('Enregistré : le cahier de textes n’est plus montré aux familles.')).toBeInTheDocument();
    expect(toggle).not.toBeChecked();
  });

  it('keeps the saved value and says why when the server refuses', async () => {
    mockFetch({
      'GET /api/v1/accounts/me/': () => json(200, director),
      'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
      [`GET ${SETTINGS}`]: () => json(200, { school_id: 3, families_see_lessons: false }),
      [`PUT ${SETTINGS}`]: () => apiError(403, 'permission_denied', 'Seule la direction de l’école modifie ces réglages.'),
    });
    const { user } = renderApp('/moi');

    const section = await screen.findByRole('region', { name: 'Réglages de l’école' });
    const toggle = await within(section).findByRole('switch', { name: LABEL });
    expect(toggle).not.toBeChecked();
    await user.click(toggle);

    expect(await within(section).findByRole('alert')).toHaveTextContent('Seule la direction de l’école modifie ces réglages.');
    expect(toggle).not.toBeChecked();
  });

  it('is not shown to families', async () => {
    mockFetch({ 'GET /api/v1/accounts/me/': () => json(200, makeMe({ roles: ['guardian'] })) });
    renderApp('/moi');

    expect(await screen.findByRole('heading', { level: 1, name: 'Mon espace' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Réglages de l’école' })).not.toBeInTheDocument();
  });
});
