import { screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';

import type { Digest, Me } from '../../api/types';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { guardianWithTwoChildren, makeMe } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const DIGEST = '/api/v1/notifications/digest/';
const TITLE = 'Résumé du jour par courriel';
const NO_ADDRESS = "Votre compte n'a pas d'adresse de courriel : demandez à l'école de l'ajouter.";

function mockDigest(digest: Partial<Digest> = {}, routes: Record<string, Handler> = {}, me: Me = guardianWithTwoChildren) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => {
      document.cookie = 'csrftoken=tok-1; path=/';
      return json(200, { csrf_token: 'tok-1' });
    },
    [`GET ${DIGEST}`]: () =>
      json(200, { send_at: '18:00', categories: [], address: 'claire@example.org', ...digest }),
    ...routes,
  });
}

async function digestSection() {
  return screen.findByRole('region', { name: TITLE });
}

async function expectNoSeriousAxeViolation(container: HTMLElement) {
  const results = await axe.run(container);
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
}

describe('DigestSettings ("Mon espace", daily digest by e-mail)', () => {
  it('shows the saved time and categories, then saves the new ones in the digest’s order', async () => {
    const { requestsTo } = mockDigest({ send_at: '18:00', categories: ['homework'] }, {
      [`PUT ${DIGEST}`]: async (request) => json(200, { ...((await request.json()) as object), address: 'claire@example.org' }),
    });
    const { user } = renderApp('/moi');

    const section = await digestSection();
    const time = await within(section).findByLabelText('Heure d’envoi');
    expect(section).toHaveTextContent('Une fois par jour, à l’heure choisie, Préau vous envoie un seul courriel');
    expect(section).toHaveTextContent('Il part à l’adresse claire@example.org.');
    expect(time).toHaveValue('18:00');
    const legend = within(section).getByRole('group', { name: 'Rubriques' });
    expect(within(legend).getAllByRole('checkbox').map((box) => box.closest('li')?.textContent)).toEqual([
      'Messages',
      'Mots à signer',
      'Absences et retards relevés',
      'Devoirs donnés',
      'Annonces de l’école',
      'Changements d’emploi du temps',
    ]);
    expect(within(section).getByRole('checkbox', { name: 'Devoirs donnés' })).toBeChecked();
    expect(within(section).getByRole('checkbox', { name: 'Messages' })).not.toBeChecked();
    // Half-hour steps from 6 h to 22 h.
    const options = within(time).getAllByRole('option') as HTMLOptionElement[];
    expect(options).toHaveLength(33);
    expect(options[0]?.value).toBe('06:00');
    expect(options.at(-1)?.value).toBe('22:00');

    // Ticked out of order: sent in the digest's order.
    await user.click(within(section).getByRole('checkbox', { name: 'Mots à signer' }));
    await user.click(within(section).getByRole('checkbox', { name: 'Messages' }));
    await user.selectOptions(time, '07:30');
    await user.click(within(section).getByRole('button', { name: 'Enregistrer' }));

    expect(await within(section).findByText('Résumé enregistré.')).toHaveAttribute('role', 'status');
    const [put] = requestsTo('PUT', DIGEST);
    expect(JSON.parse(put?.body ?? '{}')).toEqual({
      send_at: '07:30',
      categories: ['messages', 'liaison_notes', 'homework'],
    });
    expect(put?.headers.get('X-CSRFToken')).toBe('tok-1');
  });

  it('shows the server’s refusal next to the categories', async () => {
    mockDigest({}, {
      [`PUT ${DIGEST}`]: () => apiError(400, 'invalid', NO_ADDRESS, { categories: [NO_ADDRESS] }),
    });
    const { user } = renderApp('/moi');

    const section = await digestSection();
    await user.click(await within(section).findByRole('checkbox', { name: 'Messages' }));
    await user.click(within(section).getByRole('button', { name: 'Enregistrer' }));

    const messages = within(section).getByRole('checkbox', { name: 'Messages' });
    await vi.waitFor(() => expect(messages).toHaveAccessibleDescription(NO_ADDRESS));
    expect(messages).toHaveAttribute('aria-invalid', 'true');
    expect(messages).toHaveFocus();
    expect(within(section).queryByText('Résumé enregistré.')).not.toBeInTheDocument();
  });

  it('shows the server’s refusal of the time next to the time', async () => {
    mockDigest({}, {
      [`PUT ${DIGEST}`]: () =>
        apiError(400, 'invalid', 'Choisissez une heure entre 6 h et 22 h.', {
          send_at: ['Choisissez une heure entre 6 h et 22 h.'],
        }),
    });
    const { user } = renderApp('/moi');

    const section = await digestSection();
    await user.click(await within(section).findByRole('button', { name: 'Enregistrer' }));

    const time = within(section).getByLabelText('Heure d’envoi');
    await vi.waitFor(() => expect(time).toHaveAccessibleDescription('Choisissez une heure entre 6 h et 22 h.'));
  });

  it('says when the account has no e-mail address, the categories disabled', async () => {
    mockDigest({ address: '' });
    const { container } = renderApp('/moi');

    const section = await digestSection();
    expect(await within(section).findByText(/Votre compte n’a pas d’adresse de courriel/)).toHaveTextContent(
      'l’école doit en ajouter une',
    );
    for (const box of within(section).getAllByRole('checkbox')) expect(box).toBeDisabled();
    expect(section).not.toHaveTextContent('Il part à l’adresse');
    await expectNoSeriousAxeViolation(container);
  });

  it('keeps a saved time that is not on a half hour', async () => {
    mockDigest({ send_at: '07:15', categories: ['messages'] });
    renderApp('/moi');

    const time = await within(await digestSection()).findByLabelText('Heure d’envoi');
    expect(time).toHaveValue('07:15');
    expect(within(time).getByRole('option', { name: /^7\sh\s15$/ })).toBeInTheDocument();
  });

  it('is scrolled to when opened from the digest’s link (/moi#resume)', async () => {
    const scrolled: Element[] = [];
    vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
      scrolled.push(this);
    });
    mockDigest();
    renderApp('/moi#resume');

    const section = await digestSection();
    await within(section).findByLabelText('Heure d’envoi');
    expect(section).toHaveAttribute('id', 'resume');
    expect(scrolled).toContain(section);
  });

  it('is not offered to an inspector without a school role, and is to a teacher who is also one', async () => {
    const { requestsTo } = mockDigest({}, {}, makeMe({ roles: ['inspector'] }));
    const { unmount } = renderApp('/moi');
    await screen.findByRole('region', { name: 'Mes rôles' });
    expect(screen.queryByRole('region', { name: TITLE })).not.toBeInTheDocument();
    expect(requestsTo('GET', DIGEST)).toHaveLength(0);
    unmount();

    mockDigest({}, {}, makeMe({ roles: ['teacher', 'inspector'] }));
    renderApp('/moi');
    expect(await digestSection()).toBeInTheDocument();
  });
});
