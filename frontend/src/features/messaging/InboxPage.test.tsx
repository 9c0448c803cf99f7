import { act, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { describe, expect, it } from 'vitest';

import type { Conversation, Message, Recipient, UnreadTotals } from '../../api/types';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { apiError, json, mockFetch, type Handler } from '../../test/fetchMock';
import { guardianWithTwoChildren } from '../../test/fixtures';
import {
  GUARDIAN_USER,
  makeConversation,
  makeMessage,
  makeRecipient,
  makeUnread,
  teacherOfCe2,
} from '../../test/messagingFixtures';
import { renderApp } from '../../test/render';
import { writeRichText } from '../../test/richText';

interface State {
  conversations: Conversation[];
  messages: Message[];
  unread: UnreadTotals;
  recipients: Recipient[];
}

function mockMessaging(me = guardianWithTwoChildren, initial: Partial<State> = {}, routes: Record<string, Handler> = {}) {
  const state: State = {
    conversations: [makeConversation()],
    messages: [makeMessage()],
    unread: makeUnread({ unread_messages: 1, unread_conversations: 1 }),
    recipients: [],
    ...initial,
  };
  const page = <T,>(results: T[]) => json(200, { count: results.length, next: null, previous: null, results });
  const mocks = mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/messaging/unread/': () => json(200, state.unread),
    'GET /api/v1/messaging/conversations/': () => page(state.conversations),
    'GET /api/v1/messaging/conversations/900/': () => json(200, state.conversations[0]),
    'GET /api/v1/messaging/conversations/900/messages/': () => page(state.messages),
    'GET /api/v1/messaging/recipients/': () => page(state.recipients),
    'POST /api/v1/messaging/conversations/900/read/': () => {
      state.unread = makeUnread();
      state.conversations = state.conversations.map((c) => ({
        ...c,
        unread_count: 0,
        participants: c.participants.map((p) =>
          p.user_id === GUARDIAN_USER.id ? { ...p, last_read_message_id: 5001, read_at: '2026-11-27T17:00:00+01:00' } : p,
        ),
      }));
      return json(200, { conversation_id: 900, last_read_message_id: 5001, read_at: '2026-11-27T17:00:00+01:00', unread_count: 0 });
    },
    ...routes,
  });
  return { ...mocks, state };
}

const messagingLink = () =>
  within(screen.getByRole('navigation', { name: 'Navigation principale' })).getByRole('link', { name: /^Messagerie/ });

describe('InboxPage (Messagerie)', () => {
  it('lists conversations with subject, participants, last message and unread count, and the badge', async () => {
    mockMessaging();
    renderApp('/messagerie');

    const conversation = await screen.findByRole('link', { name: /Sortie au musée/ }, { timeout: 20_000 });
    expect(conversation).toHaveTextContent('1 non lu');
    expect(conversation).toHaveTextContent('Avec Paul Durand');
    expect(conversation).toHaveTextContent('Paul Durand : Bonjour, la sortie a lieu jeudi.');
    await waitFor(() => expect(messagingLink()).toHaveAccessibleName('Messagerie 1 message non lu'));
  });

  it('opens a conversation: safe HTML from the API, marked read, the badge goes away', async () => {
    const { requestsTo } = mockMessaging();
    const { container } = renderApp('/messagerie/900');

    expect(await screen.findByRole('heading', { level: 2, name: 'Sortie au musée' })).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Messages' });
    expect(within(list).getByText('jeudi').tagName).toBe('STRONG');
    await waitFor(() => expect(requestsTo('POST', '/api/v1/messaging/conversations/900/read/')).toHaveLength(1));
    await waitFor(() => expect(messagingLink()).toHaveAccessibleName('Messagerie'));

    const results = await axe.run(container, { runOnly: ['wcag2a', 'wcag2aa'], rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('shows who has read one’s own message (read receipts)', async () => {
    mockMessaging(teacherOfCe2, {
      conversations: [
        makeConversation({
          unread_count: 0,
          participants: [
            { user_id: 20, display_name: 'Paul Durand', role: 'member', last_read_message_id: 5001, read_at: null },
            { user_id: 1, display_name: 'Claire Martin', role: 'member', last_read_message_id: 5001, read_at: '2026-11-27T17:05:00+01:00' },
          ],
        }),
      ],
    });
    renderApp('/messagerie/900');
    expect(await screen.findByText(/^Lu par Claire Martin/)).toBeInTheDocument();
  });

  it('shows a new message live (message.created) and updates the badge', async () => {
    const { state } = mockMessaging(guardianWithTwoChildren, {
      conversations: [],
      unread: makeUnread(),
    });
    renderApp('/messagerie');
    expect(await screen.findByText('Aucune conversation pour l’instant.')).toBeInTheDocument();
    expect(messagingLink()).toHaveAccessibleName('Messagerie');
    act(() => FakeWebSocket.latest()?.open());

    state.conversations = [makeConversation()];
    state.unread = makeUnread({ unread_messages: 1, unread_conversations: 1 });
    act(() =>
      FakeWebSocket.latest()?.receive({
        type: 'message.created',
        conversation_id: 900,
        subject: 'Sortie au musée',
        kind: 'family',
        message_id: 5001,
        author_id: 20,
        author_name: 'Paul Durand',
        excerpt: 'Bonjour',
        attachment_count: 0,
        created_at: '2026-11-27T16:00:00+01:00',
      }),
    );
    expect(await screen.findByRole('link', { name: /Sortie au musée/ })).toBeInTheDocument();
    await waitFor(() => expect(messagingLink()).toHaveAccessibleName('Messagerie 1 message non lu'));
  });

  it('replies with an attachment as multipart, and shows a refusal clearly', async () => {
    let refuse = true;
    const { requestsTo } = mockMessaging(guardianWithTwoChildren, {}, {
      'POST /api/v1/messaging/conversations/900/messages/': () =>
        refuse
          ? apiError(
              403,
              'outside_school_hours',
              'L’école ne reçoit pas de messages des familles en dehors du temps scolaire. Votre message n’a pas été envoyé.',
            )
          : json(201, makeMessage({ id: 5002, author: GUARDIAN_USER, body_html: '<p>Merci</p>' })),
    });
    const { user } = renderApp('/messagerie/900');
    const form = await screen.findByRole('form', { name: 'Répondre' });
    await writeRichText(user, form, /Votre réponse/, 'Merci');
    await user.click(within(form).getByRole('button', { name: 'Envoyer' }));
    expect(await within(form).findByRole('alert')).toHaveTextContent('en dehors du temps scolaire');
    expect(within(form).getByLabelText(/Votre réponse/)).toHaveTextContent('Merci');

    refuse = false;
    const file = new File(['7 × 1 = 7'], 'table.txt', { type: 'text/plain' });
    const input = form.querySelector('input[type=file]') as HTMLInputElement;
    await user.upload(input, file);
    await user.click(within(form).getByRole('button', { name: 'Envoyer' }));
    await waitFor(() => expect(within(form).getByLabelText(/Votre réponse/).textContent).toBe(''));
    const sent = requestsTo('POST', '/api/v1/messaging/conversations/900/messages/');
    expect(sent).toHaveLength(2);
    expect(sent[0]?.headers.get('Content-Type')).toContain('application/json');
    expect(sent[1]?.headers.get('Content-Type')).toContain('multipart/form-data');
    expect(sent[1]?.body).toContain('name="attachments"');
  });
});

describe('Composer (Nouveau message)', () => {
  const recipients = [
    makeRecipient({ relationship: 'mere' }),
    makeRecipient({ user_id: 2, display_name: 'Karim Martin', pupil_id: 101, pupil_first_name: 'Léa', relationship: 'pere' }),
    makeRecipient({ user_id: 3, display_name: 'Julie Bernard', pupil_id: 103, pupil_first_name: 'Hugo' }),
    // The same mother reached through her second child, in another class.
    makeRecipient({ pupil_id: 104, pupil_first_name: 'Axel', classroom_name: 'CM1', relationship: 'mere' }),
    makeRecipient({
      user_id: 40,
      display_name: 'Anne Roux',
      reach: 'school_director',
      reach_label: 'Direction de l’école',
      pupil_id: null,
      pupil_first_name: null,
      classroom_id: null,
      classroom_name: null,
      relationship: null,
    }),
  ];

  it('offers only the recipients of the endpoint, grouped, and sends their ids', async () => {
    const { requestsTo } = mockMessaging(teacherOfCe2, { recipients, conversations: [] }, {
      'POST /api/v1/messaging/conversations/': () =>
        json(201, { conversations: [makeConversation({ id: 900 }), makeConversation({ id: 901 })] }),
    });
    const { user, currentPath } = renderApp('/messagerie');
    await user.click(await screen.findByRole('button', { name: 'Nouveau message' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nouveau message' });

    await user.click(within(dialog).getByRole('combobox', { name: 'Destinataires' }));
    const options = await screen.findAllByRole('option', { hidden: true });
    expect(options.map((o) => o.textContent)).toEqual([
      'Claire Martin — mère de Léa (CE2 B), mère d’Axel (CM1)',
      'Karim Martin — père de Léa (CE2 B)',
      'Julie Bernard — responsable d’Hugo (CE2 B)',
      'Anne Roux',
    ]);
    expect(screen.getByText('Responsable d’un·e élève de sa classe · CE2 B')).toBeInTheDocument();
    expect(screen.getByText('Direction de l’école')).toBeInTheDocument();

    // The whole class's families at once.
    await user.click(within(dialog).getByRole('button', { name: /^Ajouter tout le groupe/ }));
    expect(within(dialog).getByText(/Chaque famille recevra une conversation séparée/)).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/Objet/), 'Sortie');
    await writeRichText(user, dialog, /^Message/, 'Bonjour');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer' }));

    await waitFor(() => expect(currentPath()).toBe('/messagerie/900'));
    const [sent] = requestsTo('POST', '/api/v1/messaging/conversations/');
    expect(JSON.parse(sent?.body ?? 'null')).toMatchObject({ recipients: [1, 2, 3], subject: 'Sortie', body: 'Bonjour' });
  });

  it('shows the field named by a 400 and the quota refusal with its wait', async () => {
    // The server's message names the API field: the alert says it with the form's label.
    let answer: Response = apiError(400, 'invalid', 'subject : Ce champ est obligatoire.', {
      subject: ['Ce champ est obligatoire.'],
    });
    mockMessaging(guardianWithTwoChildren, {
      conversations: [],
      recipients: [
        makeRecipient({ user_id: 20, display_name: 'Paul Durand', reach: 'child_teacher', reach_label: 'Enseignant·e d’un de ses enfants', pupil_first_name: 'Léa' }),
      ],
    }, { 'POST /api/v1/messaging/conversations/': () => answer });
    const { user } = renderApp('/messagerie');
    await user.click(await screen.findByRole('button', { name: 'Nouveau message' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nouveau message' });
    await user.click(within(dialog).getByRole('combobox', { name: 'Destinataires' }));
    await user.click(await screen.findByRole('option', { name: /Paul Durand/, hidden: true }));
    await writeRichText(user, dialog, /^Message/, 'Bonjour');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer' }));
    expect(await within(dialog).findByText('Ce champ est obligatoire.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Objet/)).toHaveAttribute('aria-invalid', 'true');
    // Focus stays in the dialog, on the first field in error.
    await waitFor(() => expect(within(dialog).getByLabelText(/Objet/)).toHaveFocus());
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Objet : Ce champ est obligatoire.');
    expect(within(dialog).getByRole('alert')).not.toHaveTextContent('subject');

    answer = apiError(429, 'send_quota_exceeded', 'Vous avez atteint la limite de 200 messages par heure.', {}, { 'Retry-After': '600' });
    await user.type(within(dialog).getByLabelText(/Objet/), 'Question');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Vous avez atteint la limite de 200 messages par heure.');
    expect(alert).toHaveTextContent('Vous pourrez réessayer dans 10 minutes.');
  });
});
