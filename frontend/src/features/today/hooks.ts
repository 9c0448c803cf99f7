import { useQuery } from '@tanstack/react-query';

import { fetchToday } from './api';
import { TODAY_QUERY_KEY } from './queryKeys';

/** The home page's data; kept fresh by live events (./liveEvents.ts). */
export function useToday(enabled = true) {
  return useQuery({ queryKey: TODAY_QUERY_KEY, queryFn: fetchToday, enabled });
}

/**
 * Whether the messaging link is shown: always, except to a user who is only a pupil, whose
 * school may keep pupils' messaging closed (then shown once a message has reached them).
 */
export function useMessagingShown(roles: readonly string[]): boolean {
  const onlyPupil = roles.length > 0 && roles.every((role) => role === 'pupil');
  const today = useToday(onlyPupil);
  if (!onlyPupil) return true;
  const pupil = today.data?.pupil;
  return Boolean(pupil && (pupil.may_write_messages || pupil.last_message));
}
