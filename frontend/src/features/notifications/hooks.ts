import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import type { Digest, DigestInput, Unsubscribed } from '../../api/types';
import { fetchDigest, saveDigest, unsubscribe } from './api';
import { NOTIFICATIONS_QUERY_KEY, notificationsKeys } from './queryKeys';

export function useDigest() {
  return useQuery<Digest, ApiError>({ queryKey: notificationsKeys.digest(), queryFn: fetchDigest });
}

export function useSaveDigest() {
  const queryClient = useQueryClient();
  return useMutation<Digest, ApiError, DigestInput>({
    mutationFn: saveDigest,
    onSuccess: (digest) => {
      queryClient.setQueryData(notificationsKeys.digest(), digest);
      return queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY });
    },
  });
}

/** The button of the public unsubscription page: nothing is posted before it is pressed. */
export function useUnsubscribe(token: string) {
  const queryClient = useQueryClient();
  return useMutation<Unsubscribed, ApiError, void>({
    mutationFn: () => unsubscribe(token),
    // A session open in this browser sees the digest as it now is.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_QUERY_KEY }),
  });
}
