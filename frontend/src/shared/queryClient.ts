import { hashKey, MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';

import { isApiError } from '../api/errors';
import { TODAY_QUERY_KEY } from '../features/today/queryKeys';
import { rememberSessionExpired, SESSION_EXPIRED_CODE } from './sessionExpiry';

/** Same key as useMe() in features/accounts/hooks.ts. */
export const ME_QUERY_KEY = ['accounts', 'me'] as const;

function isClientError(error: unknown): boolean {
  return isApiError(error) && error.status >= 400 && error.status < 500;
}

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isApiError(error) && error.code === SESSION_EXPIRED_CODE) rememberSessionExpired();
        // The session ended while the app was open: refreshing "me" turns it
        // into a 401 too, and the auth guard then redirects to /connexion.
        if (isApiError(error) && error.isUnauthenticated && query.queryHash !== hashKey(ME_QUERY_KEY)) {
          void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
        }
      },
    }),
    mutationCache: new MutationCache({
      // The home page sums up every feature (a note to sign, an absence to justify, the
      // homework of the day, the calls not taken…): any successful write may change it, so
      // it refetches at once (only while shown; otherwise it is marked stale). Each
      // feature's own hooks invalidate their own keys, the nav badges included.
      onSuccess: () => queryClient.invalidateQueries({ queryKey: TODAY_QUERY_KEY }),
      onError: (error) => {
        if (isApiError(error) && error.code === SESSION_EXPIRED_CODE) rememberSessionExpired();
        if (isApiError(error) && error.isUnauthenticated) {
          void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
        }
      },
    }),
    defaultOptions: {
      queries: {
        // 4xx answers are final; retry network / server errors twice.
        retry: (failureCount, error) => !isClientError(error) && failureCount < 2,
        refetchOnWindowFocus: true,
        // Offline, a read still asks: the service worker answers with what the page last
        // received (docs/pwa.md); React Query's default would wait for the network instead.
        networkMode: 'offlineFirst',
      },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
