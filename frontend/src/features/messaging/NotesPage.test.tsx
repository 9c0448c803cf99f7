import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { LiaisonNote, LiaisonNoteAcknowledgement } from '../../api/types';
import { FakeWebSocket } from '../../test/fakeWebSocket';
import { json, mockFetch, type Handler } from '../../test/fetchMock';
import { guardianWithTwoChildren } from '../../test/fixtures';
import { makeAcknowledgement, makeNote, makeUnread, teacherOfCe2 } from '../../test/messagingFixtures';
import { renderApp } from '../../test/render';
import { writeRichText } from '../../test/richText';

const page = <T,>(results: T[]) => json(200, { count: results.length, next: null, previous: null, results });

function mockNotes(me: typeof guardianWithTwoChildren, notes: () => LiaisonNote[], routes: Record<string, Handler> = {}) {
  return mockFetch({
    'GET /api/v1/accounts/me/': () => json(200, me),
    'GET /api/v1/accounts/csrf/': () => json(200, { csrf_token: 'token' }),
    'GET /api/v1/messaging/unread/': () =>
      json(200, makeUnread({ liaison_notes_to_acknowledge: notes().filter((n) => n.mine.some((l) => !l.acknowledged_at)).length })),
    'GET /api/v1/messaging/notes/': () => page(notes()),
    ...routes,
  });
}

const notesLink = () =>
  within(screen.getByRole('navigation', { name: 'Navigation principale' })).getByRole('link', { name: /^Cahier de liaison/ });

describe('NotesPage (cahier de liaison)', () => {
  it('lets a guardian sign a note once for all their children, and the badge follows', async () => {
    let signed = false;
    const mine = () => [
      { pupil_id: 101, pupil_first_name: 'Léa', acknowledged_at: signed ? '2026-11-28T08:10:00+01:00' : null, reminded_at: null },
      { pupil_id: 102, pupil_first_name: 'Hugo', acknowledged_at: signed ? '2026-11-28T08:10:00+01:00' : null, reminded_at: null },
    ];
    const { requestsTo } = mockNotes(guardianWithTwoChildren, () => [makeNote({ mine: mine() })], {
      'POST /api/v1/messaging/notes/300/acknowledgements/': () => {
        signed = true;
        return json(201, []);
      },
    });
    const { user } = renderApp('/cahier-de-liaison');

    const note = await screen.findByRole('article', { name: 'Photo de classe' }, { timeout: 20_000 });
    expect(within(note).getByText('mardi').tagName).toBe('STRONG');
    expect(note).toHaveTextContent('Pour : Léa, Hugo');
    await waitFor(() => expect(notesLink()).toHaveAccessibleName('Cahier de liaison 1 mot à signer'));
    expect(within(note).getByText('À signer')).toBeInTheDocument();

    await user.click(within(note).getByRole('button', { name: 'J’ai pris connaissance' }));
    expect(await within(note).findByText(/^Vous avez pris connaissance le/)).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/messaging/notes/300/acknowledgements/')).toHaveLength(1);
    expect(within(note).queryByRole('button', { name: 'J’ai pris connaissance' })).not.toBeInTheDocument();
    await waitFor(() => expect(notesLink()).toHaveAccessibleName('Cahier de liaison'));
    // The tag follows at once, without a reload.
    expect(within(note).queryByText('À signer')).not.toBeInTheDocument();
    expect(within(note).getByText('Signé')).toBeInTheDocument();
  });

  it('lets a guardian reply privately to the author, then open the conversation', async () => {
    const { requestsTo } = mockNotes(guardianWithTwoChildren, () => [
      makeNote({ requires_acknowledgement: false, mine: [{ pupil_id: 101, pupil_first_name: 'Léa', acknowledged_at: null, reminded_at: null }] }),
    ], {
      'POST /api/v1/messaging/notes/300/replies/': () =>
        json(201, { id: 7001, conversation_id: 950, author: { id: 1, display_name: 'Claire Martin' }, body: 'Bien noté', body_html: '<p>Bien noté</p>', created_at: '2026-11-28T08:00:00+01:00', attachments: [] }),
    });
    const { user } = renderApp('/cahier-de-liaison');
    const note = await screen.findByRole('article', { name: 'Photo de classe' }, { timeout: 20_000 });
    await user.click(within(note).getByRole('button', { name: 'Répondre à l’auteur' }));
    await user.type(within(note).getByLabelText(/Votre réponse à Paul Durand/), 'Bien noté');
    await user.click(within(note).getByRole('button', { name: 'Envoyer la réponse' }));
    expect(await within(note).findByRole('link', { name: 'Voir la conversation' })).toHaveAttribute('href', '/messagerie/950');
    expect(JSON.parse(requestsTo('POST', '/api/v1/messaging/notes/300/replies/')[0]?.body ?? 'null')).toEqual({ body: 'Bien noté' });
  });

  it('shows the author the table of who signed, live, and reminds the others', async () => {
    let lines: LiaisonNoteAcknowledgement[] = [
      makeAcknowledgement(),
      makeAcknowledgement({ guardian: { id: 11, first_name: 'Karim', last_name: 'Martin' } }),
    ];
    let counts = { delivery_count: 2, acknowledged_count: 0 };
    const { requestsTo } = mockNotes(teacherOfCe2, () => [makeNote(counts)], {
      'GET /api/v1/messaging/notes/300/acknowledgements/': () => page(lines),
      'POST /api/v1/messaging/notes/300/reminders/': () => {
        lines = lines.map((line) => (line.acknowledged_at ? line : { ...line, reminded_at: '2026-11-28T18:00:00+01:00' }));
        return json(201, { id: 1, sent_at: '2026-11-28T18:00:00+01:00', sent_by: null, recipient_count: 1 });
      },
    });
    const { user } = renderApp('/cahier-de-liaison');
    const note = await screen.findByRole('article', { name: 'Photo de classe' }, { timeout: 20_000 });
    expect(note).toHaveTextContent('Signé par 0 responsable sur 2');
    act(() => FakeWebSocket.latest()?.open());

    // Claire signs: the event moves the count and the table.
    counts = { delivery_count: 2, acknowledged_count: 1 };
    lines = [makeAcknowledgement({ acknowledged_at: '2026-11-28T08:10:00+01:00', acknowledged_by: { id: 1, display_name: 'Claire Martin' } }), ...lines.slice(1)];
    act(() =>
      FakeWebSocket.latest()?.receive({
        type: 'liaison_note.acknowledged',
        note_id: 300,
        guardian_id: 10,
        guardian_name: 'Claire Martin',
        acknowledged_at: '2026-11-28T08:10:00+01:00',
        acknowledged_count: 1,
        delivery_count: 2,
      }),
    );
    await waitFor(() => expect(note).toHaveTextContent('Signé par 1 responsable sur 2'));

    await user.click(within(note).getByRole('button', { name: 'Voir qui a signé' }));
    const table = await within(note).findByRole('table', { name: 'Signatures du mot « Photo de classe »' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Claire Martin');
    expect(rows[0]).not.toHaveTextContent('Pas encore');
    expect(rows[1]).toHaveTextContent('Karim Martin');
    expect(rows[1]).toHaveTextContent('Pas encore');

    await user.click(within(note).getByRole('button', { name: 'Relancer (1 responsable)' }));
    expect(await within(note).findByText('Relance envoyée aux responsables qui n’ont pas signé.')).toBeInTheDocument();
    expect(requestsTo('POST', '/api/v1/messaging/notes/300/reminders/')).toHaveLength(1);
    await waitFor(() => expect(within(table).getAllByRole('row')[2]).not.toHaveTextContent('—'));
  });

  it('lets a teacher write a note to their class asking for signatures', async () => {
    const { requestsTo } = mockNotes(teacherOfCe2, () => [], {
      'POST /api/v1/messaging/notes/': () => json(201, makeNote()),
    });
    const { user } = renderApp('/cahier-de-liaison');
    await user.click(await screen.findByRole('button', { name: 'Écrire un mot' }, { timeout: 20_000 }));
    const dialog = await screen.findByRole('dialog', { name: 'Écrire un mot' });
    await user.type(within(dialog).getByLabelText(/^Titre/), 'Photo de classe');
    await writeRichText(user, dialog, /^Texte/, 'Mardi');
    await user.click(within(dialog).getByRole('button', { name: 'Publier' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(JSON.parse(requestsTo('POST', '/api/v1/messaging/notes/')[0]?.body ?? 'null')).toEqual({
      title: 'Photo de classe',
      body: 'Mardi',
      audience: 'classroom',
      classroom: 7,
      requires_acknowledgement: true,
    });
  });
});
