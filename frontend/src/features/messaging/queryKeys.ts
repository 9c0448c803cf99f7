/**
 * Every messaging query lives under this prefix: the live events of messaging
 * (`message.created`, `conversation.read`, `liaison_note.*`, `announcement.*`, `poll.*`)
 * and a successful write invalidate what they touch.
 */
export const MESSAGING_QUERY_KEY = ['messaging'] as const;

export const messagingKeys = {
  unread: () => [...MESSAGING_QUERY_KEY, 'unread'] as const,
  conversations: () => [...MESSAGING_QUERY_KEY, 'conversations'] as const,
  conversation: (conversationId: number) => [...MESSAGING_QUERY_KEY, 'conversation', conversationId] as const,
  messages: (conversationId: number) => [...MESSAGING_QUERY_KEY, 'messages', conversationId] as const,
  recipients: () => [...MESSAGING_QUERY_KEY, 'recipients'] as const,
  notes: () => [...MESSAGING_QUERY_KEY, 'notes'] as const,
  noteAcknowledgements: (noteId: number) => [...MESSAGING_QUERY_KEY, 'notes', noteId, 'acknowledgements'] as const,
  announcements: () => [...MESSAGING_QUERY_KEY, 'announcements'] as const,
  announcementAcknowledgements: (announcementId: number) =>
    [...MESSAGING_QUERY_KEY, 'announcements', announcementId, 'acknowledgements'] as const,
  polls: () => [...MESSAGING_QUERY_KEY, 'polls'] as const,
  pollResults: (pollId: number) => [...MESSAGING_QUERY_KEY, 'polls', pollId, 'results'] as const,
};
