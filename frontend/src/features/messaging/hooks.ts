import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import type {
  AnnouncementCreate,
  ConversationCreate,
  ConversationCreated,
  LiaisonNote,
  LiaisonNoteCreate,
  Message,
  PollAnswerItem,
  PollCreate,
} from '../../api/types';
import {
  acknowledgeAnnouncement,
  acknowledgeNote,
  answerPoll,
  createAnnouncement,
  createConversation,
  createNote,
  createPoll,
  fetchAnnouncementAcknowledgements,
  fetchAnnouncements,
  fetchConversation,
  fetchConversations,
  fetchMessages,
  fetchNoteAcknowledgements,
  fetchNotes,
  fetchPollResults,
  fetchPolls,
  fetchRecipients,
  fetchUnread,
  markRead,
  remindNote,
  replyToNote,
  sendMessage,
} from './api';
import { MESSAGING_QUERY_KEY, messagingKeys } from './queryKeys';

// --- Reads -------------------------------------------------------------------------------

/** The viewer's unread totals (navigation badges); kept fresh by live events. */
export function useUnreadTotals() {
  return useQuery({ queryKey: messagingKeys.unread(), queryFn: fetchUnread });
}

/** Unread messages, for the navigation badge (0 while loading). */
export function useUnreadMessageCount(): number {
  return useUnreadTotals().data?.unread_messages ?? 0;
}

/** Liaison notes the viewer still has to sign, for the navigation badge. */
export function useNotesToAcknowledgeCount(): number {
  return useUnreadTotals().data?.liaison_notes_to_acknowledge ?? 0;
}

export function useConversations() {
  return useQuery({ queryKey: messagingKeys.conversations(), queryFn: fetchConversations });
}

export function useConversation(conversationId: number | null) {
  return useQuery({
    queryKey: messagingKeys.conversation(conversationId ?? 0),
    queryFn: () => fetchConversation(conversationId ?? 0),
    enabled: conversationId !== null,
  });
}

export function useMessages(conversationId: number | null) {
  return useQuery({
    queryKey: messagingKeys.messages(conversationId ?? 0),
    queryFn: () => fetchMessages(conversationId ?? 0),
    enabled: conversationId !== null,
  });
}

export function useRecipients(enabled = true) {
  return useQuery({ queryKey: messagingKeys.recipients(), queryFn: fetchRecipients, staleTime: 5 * 60_000, enabled });
}

export function useNotes() {
  return useQuery({ queryKey: messagingKeys.notes(), queryFn: fetchNotes });
}

export function useNoteAcknowledgements(noteId: number, enabled = true) {
  return useQuery({
    queryKey: messagingKeys.noteAcknowledgements(noteId),
    queryFn: () => fetchNoteAcknowledgements(noteId),
    enabled,
  });
}

export function useAnnouncements() {
  return useQuery({ queryKey: messagingKeys.announcements(), queryFn: fetchAnnouncements });
}

export function useAnnouncementAcknowledgements(announcementId: number, enabled = true) {
  return useQuery({
    queryKey: messagingKeys.announcementAcknowledgements(announcementId),
    queryFn: () => fetchAnnouncementAcknowledgements(announcementId),
    enabled,
  });
}

export function usePolls() {
  return useQuery({ queryKey: messagingKeys.polls(), queryFn: fetchPolls });
}

export function usePollResults(pollId: number, enabled = true) {
  return useQuery({ queryKey: messagingKeys.pollResults(pollId), queryFn: () => fetchPollResults(pollId), enabled });
}

// --- Writes ------------------------------------------------------------------------------

function useMessagingMutation<TVariables, TData = unknown>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation<TData, ApiError, TVariables>({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MESSAGING_QUERY_KEY }),
  });
}

export function useCreateConversation() {
  return useMessagingMutation<{ body: ConversationCreate; files: File[] }, ConversationCreated>(({ body, files }) =>
    createConversation(body, files),
  );
}

export function useSendMessage(conversationId: number) {
  return useMessagingMutation<{ body: string; files: File[] }, Message>(({ body, files }) =>
    sendMessage(conversationId, body, files),
  );
}

/** Marks a conversation read up to its last message; the badge and the inbox follow. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation<unknown, ApiError, number>({
    mutationFn: markRead,
    onSuccess: (_data, conversationId) => {
      void queryClient.invalidateQueries({ queryKey: messagingKeys.unread() });
      void queryClient.invalidateQueries({ queryKey: messagingKeys.conversations() });
      void queryClient.invalidateQueries({ queryKey: messagingKeys.conversation(conversationId) });
    },
  });
}

export function useCreateNote() {
  return useMessagingMutation<LiaisonNoteCreate, LiaisonNote>(createNote);
}

export function useAcknowledgeNote() {
  return useMessagingMutation<number>(acknowledgeNote);
}

export function useRemindNote() {
  return useMessagingMutation<number>(remindNote);
}

export function useReplyToNote() {
  return useMessagingMutation<{ noteId: number; body: string }, Message>(({ noteId, body }) =>
    replyToNote(noteId, body),
  );
}

export function useCreateAnnouncement() {
  return useMessagingMutation<AnnouncementCreate>(createAnnouncement);
}

export function useAcknowledgeAnnouncement() {
  return useMessagingMutation<number>(acknowledgeAnnouncement);
}

export function useCreatePoll() {
  return useMessagingMutation<PollCreate>(createPoll);
}

export function useAnswerPoll() {
  return useMessagingMutation<{ pollId: number; answers: PollAnswerItem[] }>(({ pollId, answers }) =>
    answerPoll(pollId, answers),
  );
}
