import type {
  Conversation,
  LiaisonNote,
  LiaisonNoteAcknowledgement,
  Message,
  Poll,
  Recipient,
  UnreadTotals,
} from '../api/types';
import { makeMe } from './fixtures';

/** The guardian of the fixtures (user 1, Claire Martin) and Léa's teacher (user 20). */
export const GUARDIAN_USER = { id: 1, display_name: 'Claire Martin' };
export const TEACHER_USER = { id: 20, display_name: 'Paul Durand' };
export const SCHOOL_REF = { id: 3, name: 'École Jules Ferry' };

export const teacherOfCe2 = makeMe({
  id: 20,
  username: 'paul.durand',
  display_name: 'Paul Durand',
  roles: ['teacher'],
  person: { id: 30, first_name: 'Paul', last_name: 'Durand' },
  classrooms: [{ id: 7, name: 'CE2 B', levels: ['CE2'], school: { id: 3, uai: '0940123A', name: 'École Jules Ferry' }, school_year: '2026-2027' }],
  schools: [{ id: 3, uai: '0940123A', name: 'École Jules Ferry', commune_name: 'Vitry-sur-Seine', role: 'teacher' }],
});

export function makeUnread(overrides: Partial<UnreadTotals> = {}): UnreadTotals {
  return {
    unread_messages: 0,
    unread_conversations: 0,
    liaison_notes_to_acknowledge: 0,
    announcements_to_acknowledge: 0,
    polls_to_answer: 0,
    ...overrides,
  };
}

export function makeConversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: 900,
    subject: 'Sortie au musée',
    kind: 'family',
    school: SCHOOL_REF,
    liaison_note_id: null,
    created_at: '2026-11-27T16:00:00+01:00',
    last_message_at: '2026-11-27T16:00:00+01:00',
    last_message: {
      id: 5001,
      author: TEACHER_USER,
      excerpt: 'Bonjour, la sortie a lieu jeudi.',
      created_at: '2026-11-27T16:00:00+01:00',
    },
    unread_count: 1,
    participants: [
      { user_id: TEACHER_USER.id, display_name: TEACHER_USER.display_name, role: 'member', last_read_message_id: 5001, read_at: '2026-11-27T16:00:00+01:00' },
      { user_id: GUARDIAN_USER.id, display_name: GUARDIAN_USER.display_name, role: 'member', last_read_message_id: 0, read_at: null },
    ],
    ...overrides,
  } as Conversation;
}

export function makeMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: 5001,
    conversation_id: 900,
    author: TEACHER_USER,
    body: 'Bonjour, la sortie a lieu **jeudi**.',
    body_html: '<p>Bonjour, la sortie a lieu <strong>jeudi</strong>.</p>',
    created_at: '2026-11-27T16:00:00+01:00',
    attachments: [],
    ...overrides,
  };
}

export function makeRecipient(overrides: Partial<Recipient> = {}): Recipient {
  return {
    user_id: 1,
    display_name: 'Claire Martin',
    school_id: 3,
    reach: 'pupil_guardian',
    reach_label: 'Responsable d’un·e élève de sa classe',
    pupil_id: 101,
    pupil_first_name: 'Léa',
    classroom_id: 7,
    classroom_name: 'CE2 B',
    relationship: 'autre',
    ...overrides,
  };
}

export function makeNote(overrides: Partial<LiaisonNote> = {}): LiaisonNote {
  return {
    id: 300,
    school: SCHOOL_REF,
    title: 'Photo de classe',
    body: 'La photo a lieu **mardi**.',
    body_html: '<p>La photo a lieu <strong>mardi</strong>.</p>',
    audience: 'classroom',
    classroom: { id: 7, name: 'CE2 B' },
    level: '',
    pupil: null,
    requires_acknowledgement: true,
    author: TEACHER_USER,
    created_at: '2026-11-27T16:00:00+01:00',
    last_reminded_at: null,
    delivery_count: null,
    acknowledged_count: null,
    mine: [],
    ...overrides,
  };
}

export function makeAcknowledgement(overrides: Partial<LiaisonNoteAcknowledgement> = {}): LiaisonNoteAcknowledgement {
  return {
    pupil: { id: 101, first_name: 'Léa', last_name: 'Martin' },
    guardian: { id: 10, first_name: 'Claire', last_name: 'Martin' },
    acknowledged_at: null,
    acknowledged_by: null,
    reminded_at: null,
    ...overrides,
  };
}

export function makePoll(overrides: Partial<Poll> = {}): Poll {
  return {
    id: 400,
    title: 'Kermesse',
    description: '',
    description_html: '',
    audience: {
      school: SCHOOL_REF,
      scope: 'classrooms',
      classrooms: [{ id: 7, name: 'CE2 B' }],
      levels: [],
      for_guardians: true,
      for_pupils: false,
      for_staff: false,
    },
    author: TEACHER_USER,
    is_anonymous: false,
    results_published: true,
    closes_on: null,
    created_at: '2026-11-27T16:00:00+01:00',
    questions: [
      {
        id: 41,
        kind: 'single',
        text: 'Pouvez-vous tenir un stand ?',
        is_required: true,
        choices: [
          { id: 411, label: 'Oui' },
          { id: 412, label: 'Non' },
        ],
      },
    ],
    response_count: null,
    my_submitted_at: null,
    ...overrides,
  } as Poll;
}
