import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Announcement, Poll } from '../../api/types';
import { json, mockFetch, type Handler } from '../../test/fetchMock';
import { guardianWithTwoChildren } from '../../test/fixtures';
import { makePoll, makeUnread, SCHOOL_REF, TEACHER_USER, teacherOfCe2 } from '../../test/messagingFixtures';
import { renderApp } from '../../test/render';
import { writeRichText } from '../../test/richText';

const page = <T,>(results: T[]) => json(200, { count: results.length, next: null, previous: null, results });

function makeAnnouncement(overrides: Partial<Announcement> = {}): Announcement {
  return {
    id: 200,
    title: 'Fête de l’école',
    body: 'Samedi **13 juin**.',
    body_html: '<p>Samedi <strong>13 juin</strong>.</p>',
    audience: makePoll().audience,
    author: TEACHER_USER,
    requires_acknowledgement: true,
    valid_from: '2026-11-27',
    valid_until: '2026-12-12',
    created_at: '2026-11-27T16:00:00+01:00',
    acknowledged_count: null,
    my_acknowledged_at: null,
    ...overrides,
  } as Announcement;
}

function mockBoard(me: typeof guardianWithTwoChildren, data: { announcements?: () => Announcement[]; polls?: () => Poll[] }, routes: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/messaging/unread/': () => json(200, makeUnread()),
    'GET /api/v1/messaging/announcements/': () => page(data.announcements?.() ?? []),
    'GET /api/v1/messaging/polls/': () => page(data.polls?.() ?? []),
    ...routes,
  });
}

describe('AnnouncementsPage (annonces et sondages)', () => {
  it('shows an announcement with its validity and lets a guardian acknowledge it', async () => {
    let acknowledged: string | null = null;
    const { requestsTo } = mockBoard(guardianWithTwoChildren, {
      announcements: () => [makeAnnouncement({ my_acknowledged_at: acknowledged })],
    }, {
      'POST /api/v1/messaging/announcements/200/acknowledgements/': () => {
        acknowledged = '2026-11-28T08:00:00+01:00';
        return json(201, { user: { id: 1, display_name: 'Claire Martin' }, acknowledged_at: acknowledged });
      },
    });
    const { user } = renderApp('/annonces');
    const card = await screen.findByRole('article', { name: 'Fête de l’école' }, { timeout: 20_000 });
    expect(card).toHaveTextContent('Du 27 novembre 2026 au 12 décembre 2026');
    expect(card).toHaveTextContent('CE2 B · Familles');
    expect(within(card).getByText('À signer')).toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'J’ai pris connaissance' }));
    expect(await within(card).findByText(/^Vous avez pris connaissance le/)).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/messaging/announcements/200/acknowledgements/')).toHaveLength(1);
    expect(within(card).queryByText('À signer')).not.toBeInTheDocument();
    expect(within(card).getByText('Signé')).toBeInTheDocument();
  });

  it('lets a teacher publish an announcement to their class with a validity', async () => {
    const { requestsTo } = mockBoard(teacherOfCe2, {}, {
      'POST /api/v1/messaging/announcements/': () => json(201, makeAnnouncement()),
    });
    const { user } = renderApp('/annonces');
    await user.click(await screen.findByRole('button', { name: 'Nouvelle annonce' }, { timeout: 20_000 }));
    const dialog = await screen.findByRole('dialog', { name: 'Nouvelle annonce' });
    await user.click(within(dialog).getByRole('combobox', { name: 'Classes' }));
    await user.click(await screen.findByRole('option', { name: 'CE2 B', hidden: true }));
    await user.type(within(dialog).getByLabelText(/^Titre/), 'Piscine');
    await writeRichText(user, dialog, /^Texte/, 'Apporter un bonnet');
    await user.type(within(dialog).getByLabelText('Jusqu’au (facultatif)'), '2026-12-12');
    await user.click(within(dialog).getByRole('button', { name: 'Publier' }));
    await waitFor(() => expect(requestsTo('POST', '/api/v1/messaging/announcements/')).toHaveLength(1));
    expect(JSON.parse(requestsTo('POST', '/api/v1/messaging/announcements/')[0]?.body ?? 'null')).toEqual({
      audience: { school: SCHOOL_REF.id, scope: 'classrooms', classrooms: [7], for_guardians: true, for_pupils: false, for_staff: false },
      title: 'Piscine',
      body: 'Apporter un bonnet',
      requires_acknowledgement: false,
      valid_until: '2026-12-12',
    });
  });

  it('lets a guardian answer a poll, then read its published results', async () => {
    let answered: string | null = null;
    const { requestsTo } = mockBoard(guardianWithTwoChildren, { polls: () => [makePoll({ my_submitted_at: answered })] }, {
      'POST /api/v1/messaging/polls/400/answers/': () => {
        answered = '2026-11-28T08:00:00+01:00';
        return json(201, { poll_id: 400, submitted_at: answered, answers: [{ question_id: 41, choice_id: 411, text: '' }] });
      },
      'GET /api/v1/messaging/polls/400/results/': () =>
        json(200, {
          poll_id: 400,
          response_count: 3,
          is_anonymous: false,
          questions: [
            {
              id: 41,
              kind: 'single',
              text: 'Pouvez-vous tenir un stand ?',
              choices: [
                { id: 411, label: 'Oui', count: 2 },
                { id: 412, label: 'Non', count: 1 },
              ],
              texts: [],
            },
          ],
          respondents: [],
        }),
    });
    const { user } = renderApp('/annonces');
    await user.click(await screen.findByRole('tab', { name: 'Sondages' }, { timeout: 20_000 }));
    const card = await screen.findByRole('article', { name: 'Kermesse' });
    expect(within(card).queryByRole('button', { name: 'Voir les résultats' })).not.toBeInTheDocument();
    await user.click(within(card).getByRole('radio', { name: 'Oui' }));
    await user.click(within(card).getByRole('button', { name: 'Envoyer ma réponse' }));
    expect(await within(card).findByText(/^Vous avez répondu le/)).toBeInTheDocument();
    expect(JSON.parse(requestsTo('POST', '/api/v1/messaging/polls/400/answers/')[0]?.body ?? 'null')).toEqual({
      answers: [{ question: 41, choices: [411] }],
    });

    await user.click(within(card).getByRole('button', { name: 'Voir les résultats' }));
    expect(await within(card).findByText('Oui : 2 voix')).toBeInTheDocument();
    expect(within(card).getByRole('progressbar', { name: 'Oui : 67 %' })).toBeInTheDocument();
  });
});
