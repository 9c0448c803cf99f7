import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { LIVE_EVENT_HANDLERS } from '../../liveEvents';
import { type RealtimeEvent, type RealtimeEventType, RealtimeRegistry, RECONNECTED_EVENT } from '../../shared/realtime';
import { messagingKeys } from './queryKeys';

function setUp() {
  const queryClient = new QueryClient();
  const registry = new RealtimeRegistry();
  registry.register(LIVE_EVENT_HANDLERS);
  for (const key of [
    messagingKeys.unread(),
    messagingKeys.conversations(),
    messagingKeys.messages(900),
    messagingKeys.messages(901),
    messagingKeys.conversation(900),
    messagingKeys.notes(),
    messagingKeys.noteAcknowledgements(300),
    messagingKeys.polls(),
    ['homework', 'children'],
  ]) {
    queryClient.setQueryData(key, []);
  }
  const isInvalidated = (key: readonly unknown[]) => queryClient.getQueryState(key)?.isInvalidated;
  // Partial events: the handlers read only their type and the ids they refetch.
  const dispatch = (event: { type: RealtimeEventType; [key: string]: unknown }) =>
    registry.dispatch(event as unknown as RealtimeEvent, { queryClient });
  return { isInvalidated, dispatch };
}

describe('messaging live events', () => {
  it('refreshes the inbox, the badge and the open conversation on message.created', () => {
    const { isInvalidated, dispatch } = setUp();
    dispatch({ type: 'message.created', conversation_id: 900, message_id: 5002 });
    expect(isInvalidated(messagingKeys.unread())).toBe(true);
    expect(isInvalidated(messagingKeys.conversations())).toBe(true);
    expect(isInvalidated(messagingKeys.messages(900))).toBe(true);
    expect(isInvalidated(messagingKeys.messages(901))).toBe(false);
    expect(isInvalidated(messagingKeys.notes())).toBe(false);
    expect(isInvalidated(['homework', 'children'])).toBe(false);
  });

  it('refreshes read receipts on conversation.read, notes and their tables on liaison_note events', () => {
    const first = setUp();
    first.dispatch({ type: 'conversation.read', conversation_id: 900, user_id: 1, last_read_message_id: 5001 });
    expect(first.isInvalidated(messagingKeys.conversation(900))).toBe(true);
    expect(first.isInvalidated(messagingKeys.messages(900))).toBe(false);

    const second = setUp();
    second.dispatch({ type: 'liaison_note.acknowledged', note_id: 300 });
    expect(second.isInvalidated(messagingKeys.notes())).toBe(true);
    expect(second.isInvalidated(messagingKeys.noteAcknowledgements(300))).toBe(true);
    expect(second.isInvalidated(messagingKeys.polls())).toBe(false);
  });

  it('catches up on every messaging list after a reconnection', () => {
    const { isInvalidated, dispatch } = setUp();
    dispatch({ type: RECONNECTED_EVENT });
    expect(isInvalidated(messagingKeys.conversations())).toBe(true);
    expect(isInvalidated(messagingKeys.polls())).toBe(true);
    expect(isInvalidated(messagingKeys.unread())).toBe(true);
  });
});
