import {
  RECONNECTED_EVENT,
  type RealtimeEventOf,
  type RealtimeHandler,
  type RealtimeHandlers,
} from '../../shared/realtime';
import { noteBilanArrival } from './bilanNotices';
import { LIVRET_QUERY_KEY } from './queryKeys';

/** Query key prefix of the livret's bilans (the families' page refetches on arrival). */
export const LIVRET_BILANS_QUERY_KEY = [...LIVRET_QUERY_KEY, 'bilans'] as const;

/** Events are hints: a published evaluation reaches the families' livret pages. */
const refreshLivret: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: LIVRET_QUERY_KEY });
};

/**
 * A child's bilan was communicated: the guardian's livret page refetches the bilans and
 * says a new one has arrived.
 */
const bilanArrived: RealtimeHandler<RealtimeEventOf<'livret.bilan_communicated'>> = (event, { queryClient }) => {
  noteBilanArrival(event.pupil_id);
  void queryClient.invalidateQueries({ queryKey: LIVRET_BILANS_QUERY_KEY });
};

/** Live event types the livret feature handles (registered in src/liveEvents.ts). */
export const livretLiveEvents = {
  'livret.evaluation_published': refreshLivret,
  'livret.bilan_communicated': bilanArrived,
  // Events sent while the socket was down are lost: catch up.
  [RECONNECTED_EVENT]: refreshLivret,
} satisfies RealtimeHandlers;
