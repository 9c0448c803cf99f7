import { RECONNECTED_EVENT, type RealtimeHandler, type RealtimeHandlers } from '../../shared/realtime';
import { HOMEWORK_QUERY_KEY } from './queryKeys';

/**
 * Events are hints: refetch whatever homework data is on screen (or cached). A new,
 * edited or withdrawn homework reaches the families' "Devoirs" page; a pupil's tick moves
 * the teacher's "fait par N / M".
 */
const refreshHomework: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: HOMEWORK_QUERY_KEY });
};

/** Live event types the homework feature handles (registered in src/liveEvents.ts). */
export const homeworkLiveEvents = {
  'homework.changed': refreshHomework,
  'homework.done': refreshHomework,
  // Events sent while the socket was down are lost: catch up.
  [RECONNECTED_EVENT]: refreshHomework,
} satisfies RealtimeHandlers;
