import {
  RECONNECTED_EVENT,
  type RealtimeEventOf,
  type RealtimeHandler,
  type RealtimeHandlers,
} from '../../shared/realtime';
import { SAFETY_QUERY_KEY, safetyKeys } from './queryKeys';

/**
 * An alert or a drill began in one of the user's schools: the banner of every staff page
 * (MusterBanner) and the school's register show it.
 */
const musterStarted: RealtimeHandler<RealtimeEventOf<'safety.muster_started'>> = (event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: safetyKeys.current(event.school_id) });
  void queryClient.invalidateQueries({ queryKey: safetyKeys.register(event.school_id) });
};

/**
 * A pupil found (or the tap undone): only that muster's list is read again — a tap must not
 * make every phone of the school reload the register too.
 */
const musterMarked: RealtimeHandler<RealtimeEventOf<'safety.muster_marked'>> = (event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: safetyKeys.muster(event.muster_id) });
};

/** A class put in someone else's charge, or the end: the list; at the end, the register too. */
const musterChanged: RealtimeHandler<RealtimeEventOf<'safety.muster_changed'>> = (event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: safetyKeys.muster(event.muster_id) });
  if (!event.ended) return;
  // The event does not name the school: every school's banner and register (one, mostly).
  void queryClient.invalidateQueries({ queryKey: [...SAFETY_QUERY_KEY, 'current'] });
  void queryClient.invalidateQueries({ queryKey: [...SAFETY_QUERY_KEY, 'register'] });
  void queryClient.invalidateQueries({ queryKey: safetyKeys.exercises() });
};

/** Events sent while the socket was down are lost: catch up. */
const catchUp: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: SAFETY_QUERY_KEY });
};

/** Live event types the safety feature handles (registered in src/liveEvents.ts). */
export const safetyLiveEvents = {
  'safety.muster_started': musterStarted,
  'safety.muster_marked': musterMarked,
  'safety.muster_changed': musterChanged,
  [RECONNECTED_EVENT]: catchUp,
} satisfies RealtimeHandlers;
