import { screen } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import { apiError, json, mockFetch } from '../../test/fetchMock';
import { renderApp } from '../../test/render';

const TOKEN = 'eyJ1c2VyIjoxLCJjYXRlZ29yeSI6Im1lc3NhZ2VzIn0:1vQ:abc-123';
// A signed token holds colons: the client sends them encoded (Django decodes the path).
const POST_PATH = `/api/v1/notifications/unsubscribe/${encodeURIComponent(TOKEN)}/`;

async function expectNoSeriousAxeViolation(container: HTMLElement) {
  const results = await axe.run(container);
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}

describe('UnsubscribePage (/desabonnement/<token>)', () => {
  it('posts nothing when opened, then removes the category on the button, with no session nor CSRF token', async () => {
    const { requests, requestsTo } = mockFetch({
      [`POST ${POST_PATH}`]: () => json(200, { category: 'messages', categories: ['homework', 'liaison_notes'] }),
    });
    const { user, container } = renderApp(`/desabonnement/${TOKEN}`);

    expect(await screen.findByRole('heading', { level: 1, name: 'Se désabonner du résumé' })).toBeInTheDocument();
    expect(screen.getByText('Ce lien retire une rubrique de votre résumé quotidien par courriel.')).toBeInTheDocument();
    const confirm = await screen.findByRole('button', { name: 'Confirmer le désabonnement' });
    await expectNoSeriousAxeViolation(container);
    // Opening the link (as a mail scanner does) changes nothing.
    expect(requests.filter((r) => r.method !== 'GET')).toHaveLength(0);

    await user.click(confirm);

    const done = await screen.findByRole('status');
    expect(done).toHaveTextContent('C’est fait : « Messages » ne figure plus dans votre résumé.');
    expect(done).toHaveTextContent('Il comprend encore : Mots à signer et Devoirs donnés.');
    expect(screen.getByRole('link', { name: 'Gérer mon résumé' })).toHaveAttribute('href', '/moi#resume');
    const [post] = requestsTo('POST', POST_PATH);
    expect(post).toBeDefined();
    expect(post?.headers.has('X-CSRFToken')).toBe(false);
    expect(requestsTo('GET', '/api/v1/accounts/csrf/')).toHaveLength(0);
    expect(requestsTo('POST', POST_PATH)).toHaveLength(1);
    await expectNoSeriousAxeViolation(container);
  });

  it('says when the whole digest was stopped', async () => {
    mockFetch({ [`POST ${POST_PATH}`]: () => json(200, { category: 'all', categories: [] }) });
    const { user } = renderApp(`/desabonnement/${TOKEN}`);

    await user.click(await screen.findByRole('button', { name: 'Confirmer le désabonnement' }));

    const done = await screen.findByRole('status');
    expect(done).toHaveTextContent('C’est fait : vous ne recevrez plus le résumé quotidien.');
    expect(done).not.toHaveTextContent('Il comprend encore');
  });

  it('explains an unknown or expired link and offers to sign in', async () => {
    const { requestsTo } = mockFetch({
      [`POST ${POST_PATH}`]: () => apiError(404, 'not_found', 'Lien de désabonnement inconnu ou expiré.'),
    });
    const { user, container } = renderApp(`/desabonnement/${TOKEN}`);

    await user.click(await screen.findByRole('button', { name: 'Confirmer le désabonnement' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Ce lien de désabonnement est inconnu ou a expiré. Connectez-vous pour gérer votre résumé.',
    );
    expect(screen.getByRole('link', { name: 'Se connecter' })).toHaveAttribute('href', '/connexion');
    expect(screen.queryByRole('button', { name: 'Confirmer le désabonnement' })).not.toBeInTheDocument();
    expect(requestsTo('POST', POST_PATH)).toHaveLength(1);
    await expectNoSeriousAxeViolation(container);
  });
});
