import {
  RECONNECTED_EVENT,
  type RealtimeEventOf,
  type RealtimeHandler,
  type RealtimeHandlers,
} from '../../shared/realtime';
import { MESSAGING_QUERY_KEY, messagingKeys } from './queryKeys';

/**
 * A new message: the inbox, the unread badge and, if it is open, that conversation.
 * Events are hints; the data comes from the API.
 */
const refreshOnMessage: RealtimeHandler<RealtimeEventOf<'message.created'>> = (event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: messagingKeys.unread() });
  void queryClient.invalidateQueries({ queryKey: messagingKeys.conversations() });
  void queryClient.invalidateQueries({ queryKey: messagingKeys.messages(event.conversation_id) });
  void queryClient.invalidateQueries({ queryKey: messagingKeys.conversation(event.conversation_id) });
};

/** Someone read or joined a conversation: its read receipts and participants change. */
const refreshConversation: RealtimeHandler<RealtimeEventOf<'conversation.read' | 'conversation.participant_added'>> = (
  event,
  { queryClient },
) => {
  void queryClient.invalidateQueries({ queryKey: messagingKeys.conversations() });
  void queryClient.invalidateQueries({ queryKey: messagingKeys.conversation(event.conversation_id) });
};

const refreshNotes: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: messagingKeys.notes() });
  void queryClient.invalidateQueries({ queryKey: messagingKeys.unread() });
};

const refreshAnnouncements: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: messagingKeys.announcements() });
  void queryClient.invalidateQueries({ queryKey: messagingKeys.unread() });
};

const refreshPolls: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: messagingKeys.polls() });
  void queryClient.invalidateQueries({ queryKey: messagingKeys.unread() });
};

/** Events sent while the socket was down are lost: refetch every messaging list shown. */
const catchUp: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: MESSAGING_QUERY_KEY });
};

/** Live event types the messaging feature handles (registered in src/liveEvents.ts). */
export const messagingLiveEvents = {
  'message.created': refreshOnMessage,
  'conversation.read': refreshConversation,
  'conversation.participant_added': refreshConversation,
  'liaison_note.created': refreshNotes,
  'liaison_note.acknowledged': refreshNotes,
  'liaison_note.reminded': refreshNotes,
  'announcement.created': refreshAnnouncements,
  'announcement.acknowledged': refreshAnnouncements,
  'poll.created': refreshPolls,
  'poll.answered': refreshPolls,
  [RECONNECTED_EVENT]: catchUp,
} satisfies RealtimeHandlers;
