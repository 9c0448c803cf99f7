import { RECONNECTED_EVENT, type RealtimeHandler, type RealtimeHandlers } from '../../shared/realtime';
import { TODAY_QUERY_KEY } from './queryKeys';

/** Events are hints: the home page refetches its one request. */
const refreshToday: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: TODAY_QUERY_KEY });
};

/**
 * What the home page shows and what changes it: the call and absences (a pupil marked
 * absent, a justification sent or reviewed, an L131-8 case), messages, liaison notes
 * (sent, signed), homework (set, done), the timetable (a lesson cancelled).
 * Registered in src/liveEvents.ts beside the features' own handlers.
 */
export const todayLiveEvents = {
  'attendance.roll_call_taken': refreshToday,
  'attendance.absence_recorded': refreshToday,
  'attendance.absence_changed': refreshToday,
  'attendance.justification_submitted': refreshToday,
  'attendance.justification_reviewed': refreshToday,
  'attendance.l1318_case_opened': refreshToday,
  'attendance.l1318_case_changed': refreshToday,
  'message.created': refreshToday,
  'conversation.read': refreshToday,
  'liaison_note.created': refreshToday,
  'liaison_note.acknowledged': refreshToday,
  'homework.changed': refreshToday,
  'homework.done': refreshToday,
  'timetable.changed': refreshToday,
  // Events sent while the socket was down are lost: catch up.
  [RECONNECTED_EVENT]: refreshToday,
} satisfies RealtimeHandlers;
