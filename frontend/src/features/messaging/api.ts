import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import type {
  Announcement,
  ClassroomDetail,
  Pupil,
  AnnouncementAcknowledgement,
  AnnouncementCreate,
  Conversation,
  ConversationCreate,
  ConversationCreated,
  LiaisonNote,
  LiaisonNoteAcknowledgement,
  LiaisonNoteCreate,
  LiaisonNoteReminder,
  Message,
  Poll,
  PollAnswerItem,
  PollCreate,
  PollMyAnswer,
  PollResults,
  ReadMarker,
  Recipient,
  UnreadTotals,
} from '../../api/types';

/** The API's largest page: an inbox or a conversation is read in one request. */
const PAGE_SIZE = 200;

const id = (value: number) => String(value);

// --- Reads -------------------------------------------------------------------------------

export function fetchUnread(): Promise<UnreadTotals> {
  return unwrap(api.GET('/api/v1/messaging/unread/'));
}

export async function fetchConversations(): Promise<Conversation[]> {
  const page = await unwrap(api.GET('/api/v1/messaging/conversations/', { params: { query: { page_size: PAGE_SIZE } } }));
  return page.results;
}

export function fetchConversation(conversationId: number): Promise<Conversation> {
  return unwrap(
    api.GET('/api/v1/messaging/conversations/{conversation_id}/', {
      params: { path: { conversation_id: id(conversationId) } },
    }),
  );
}

export async function fetchMessages(conversationId: number): Promise<Message[]> {
  const page = await unwrap(
    api.GET('/api/v1/messaging/conversations/{conversation_id}/messages/', {
      params: { path: { conversation_id: id(conversationId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

/** Whom the viewer may write to: one row per way of reaching someone (the API's groups). */
export async function fetchRecipients(): Promise<Recipient[]> {
  const page = await unwrap(api.GET('/api/v1/messaging/recipients/', { params: { query: { page_size: PAGE_SIZE } } }));
  return page.results;
}

export async function fetchNotes(): Promise<LiaisonNote[]> {
  const page = await unwrap(api.GET('/api/v1/messaging/notes/', { params: { query: { page_size: PAGE_SIZE } } }));
  return page.results;
}

export async function fetchNoteAcknowledgements(noteId: number): Promise<LiaisonNoteAcknowledgement[]> {
  const page = await unwrap(
    api.GET('/api/v1/messaging/notes/{note_id}/acknowledgements/', {
      params: { path: { note_id: id(noteId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

export async function fetchAnnouncements(): Promise<Announcement[]> {
  const page = await unwrap(
    api.GET('/api/v1/messaging/announcements/', { params: { query: { page_size: PAGE_SIZE } } }),
  );
  return page.results;
}

export async function fetchAnnouncementAcknowledgements(announcementId: number): Promise<AnnouncementAcknowledgement[]> {
  const page = await unwrap(
    api.GET('/api/v1/messaging/announcements/{announcement_id}/acknowledgements/', {
      params: { path: { announcement_id: id(announcementId) }, query: { page_size: PAGE_SIZE } },
    }),
  );
  return page.results;
}

export async function fetchPolls(): Promise<Poll[]> {
  const page = await unwrap(api.GET('/api/v1/messaging/polls/', { params: { query: { page_size: PAGE_SIZE } } }));
  return page.results;
}

export function fetchPollResults(pollId: number): Promise<PollResults> {
  return unwrap(
    api.GET('/api/v1/messaging/polls/{poll_id}/results/', { params: { path: { poll_id: id(pollId) } } }),
  );
}

/** The classrooms of a school (a director's audience picker). */
export async function fetchSchoolClassrooms(schoolId: number): Promise<ClassroomDetail[]> {
  const page = await unwrap(
    api.GET('/api/v1/schools/classrooms/', { params: { query: { school: schoolId, page_size: PAGE_SIZE } } }),
  );
  return page.results;
}

export async function fetchClassroomPupils(classroomId: number): Promise<Pupil[]> {
  const page = await unwrap(
    api.GET('/api/v1/people/pupils/', { params: { query: { classroom: classroomId, page_size: PAGE_SIZE } } }),
  );
  return page.results;
}

// --- Writes ------------------------------------------------------------------------------

/** Body and attachments: JSON without files, multipart (field `attachments`) with them. */
function messageBody<T extends Record<string, unknown>>(fields: T, files: readonly File[]) {
  if (files.length === 0) return { body: fields };
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) value.forEach((item) => form.append(name, String(item)));
    else form.append(name, String(value));
  }
  files.forEach((file) => form.append('attachments', file));
  // The generated body type is the JSON one; the real body is the FormData.
  return { body: fields, bodySerializer: () => form };
}

export async function createConversation(body: ConversationCreate, files: readonly File[] = []): Promise<ConversationCreated> {
  await ensureCsrfToken();
  return unwrap(api.POST('/api/v1/messaging/conversations/', messageBody(body, files)));
}

export async function sendMessage(conversationId: number, body: string, files: readonly File[] = []): Promise<Message> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/messaging/conversations/{conversation_id}/messages/', {
      params: { path: { conversation_id: id(conversationId) } },
      ...messageBody({ body }, files),
    }),
  );
}

export async function markRead(conversationId: number): Promise<ReadMarker> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/messaging/conversations/{conversation_id}/read/', {
      params: { path: { conversation_id: id(conversationId) } },
      body: {},
    }),
  );
}

export async function createNote(body: LiaisonNoteCreate): Promise<LiaisonNote> {
  await ensureCsrfToken();
  return unwrap(api.POST('/api/v1/messaging/notes/', { body }));
}

export async function acknowledgeNote(noteId: number): Promise<LiaisonNoteAcknowledgement[]> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/messaging/notes/{note_id}/acknowledgements/', { params: { path: { note_id: id(noteId) } } }),
  ) as Promise<LiaisonNoteAcknowledgement[]>;
}

export async function remindNote(noteId: number): Promise<LiaisonNoteReminder> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/messaging/notes/{note_id}/reminders/', { params: { path: { note_id: id(noteId) } } }),
  );
}

export async function replyToNote(noteId: number, body: string): Promise<Message> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/messaging/notes/{note_id}/replies/', { params: { path: { note_id: id(noteId) } }, body: { body } }),
  );
}

export async function createAnnouncement(body: AnnouncementCreate): Promise<Announcement> {
  await ensureCsrfToken();
  return unwrap(api.POST('/api/v1/messaging/announcements/', { body }));
}

export async function acknowledgeAnnouncement(announcementId: number): Promise<unknown> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/messaging/announcements/{announcement_id}/acknowledgements/', {
      params: { path: { announcement_id: id(announcementId) } },
    }),
  );
}

export async function createPoll(body: PollCreate): Promise<Poll> {
  await ensureCsrfToken();
  return unwrap(api.POST('/api/v1/messaging/polls/', { body }));
}

export async function answerPoll(pollId: number, answers: PollAnswerItem[]): Promise<PollMyAnswer> {
  await ensureCsrfToken();
  return unwrap(
    api.POST('/api/v1/messaging/polls/{poll_id}/answers/', {
      params: { path: { poll_id: id(pollId) } },
      body: { answers },
    }),
  );
}
