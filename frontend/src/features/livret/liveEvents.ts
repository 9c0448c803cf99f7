import type { RealtimeHandler, RealtimeHandlers } from '../../shared/realtime';

/** Query key prefix of the livret's bilans (the families' page refetches on arrival). */
export const LIVRET_BILANS_QUERY_KEY = ['livret', 'bilans'] as const;

/**
 * A child's bilan was communicated: the guardian's livret page refetches (events are hints).
 */
const refreshBilans: RealtimeHandler = (_event, { queryClient }) => {
  void queryClient.invalidateQueries({ queryKey: LIVRET_BILANS_QUERY_KEY });
};

/** Live event types the livret feature handles (registered in src/liveEvents.ts). */
export const livretLiveEvents = {
  'livret.bilan_communicated': refreshBilans,
} satisfies RealtimeHandlers;
