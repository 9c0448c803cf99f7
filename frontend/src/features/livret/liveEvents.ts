import { RECONNECTED_EVENT, type RealtimeHandler, type RealtimeHandlers } from '../../shared/realtime';
import { LIVRET_QUERY_KEY } from './queryKeys';

/**
 * Events are hints: a published evaluation or a communicated bilan reaches the families'
 * livret pages.
 */
const refreshLivret: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: LIVRET_QUERY_KEY });
};

/** Live event types the livret feature handles (registered in src/liveEvents.ts). */
export const livretLiveEvents = {
  'livret.evaluation_published': refreshLivret,
  'livret.bilan_communicated': refreshLivret,
  // Events sent while the socket was down are lost: catch up.
  [RECONNECTED_EVENT]: refreshLivret,
} satisfies RealtimeHandlers;
