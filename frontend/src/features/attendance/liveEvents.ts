import { RECONNECTED_EVENT, type RealtimeHandler, type RealtimeHandlers } from '../../shared/realtime';
import { ATTENDANCE_QUERY_KEY } from './queryKeys';

/**
 * Events are hints: refetch whatever attendance data is on screen (or cached). A pupil
 * marked absent reaches the guardian's "Absences" page; a justification reaches the
 * director's queue; a review reaches the family; a call taken leaves the not-taken list.
 */
const refreshAttendance: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: ATTENDANCE_QUERY_KEY });
};

/** Live event types the attendance feature handles (registered in src/liveEvents.ts). */
export const attendanceLiveEvents = {
  'attendance.roll_call_taken': refreshAttendance,
  'attendance.absence_recorded': refreshAttendance,
  'attendance.absence_changed': refreshAttendance,
  'attendance.justification_submitted': refreshAttendance,
  'attendance.justification_reviewed': refreshAttendance,
  'attendance.notice_changed': refreshAttendance,
  'attendance.l1318_case_opened': refreshAttendance,
  'attendance.l1318_case_changed': refreshAttendance,
  // Events sent while the socket was down are lost: catch up.
  [RECONNECTED_EVENT]: refreshAttendance,
} satisfies RealtimeHandlers;
