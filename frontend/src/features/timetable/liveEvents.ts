import { RECONNECTED_EVENT, type RealtimeHandler, type RealtimeHandlers } from '../../shared/realtime';
import { TIMETABLE_QUERY_KEY } from './queryKeys';

/** Events are hints: refetch whatever timetable data is on screen (or cached). */
const refreshTimetable: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: TIMETABLE_QUERY_KEY });
};

/** Live event types the timetable feature handles (registered in src/liveEvents.ts). */
export const timetableLiveEvents = {
  'timetable.changed': refreshTimetable,
  'agenda.changed': refreshTimetable,
  // Events sent while the socket was down are lost: catch up.
  [RECONNECTED_EVENT]: refreshTimetable,
} satisfies RealtimeHandlers;
