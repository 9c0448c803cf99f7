import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import type { IdentityProvider, Me, PendingLink } from '../../api/types';
import { fetchMe } from '../accounts/api';
import { useSignedIn } from '../accounts/hooks';
import {
  fetchPendingLink,
  fetchProviders,
  fetchSchoolIdentities,
  type IdentitiesPage,
  linkAccount,
  type LinkProof,
  unlinkIdentity,
} from './api';

export const FEDERATION_QUERY_KEY = ['federation'] as const;
const providersKey = [...FEDERATION_QUERY_KEY, 'providers'] as const;
const pendingKey = [...FEDERATION_QUERY_KEY, 'link'] as const;
const identitiesKey = (schoolId: number) => [...FEDERATION_QUERY_KEY, 'identities', schoolId] as const;

/** Families' providers (EduConnect) first: they are most of the people signing in. */
function familiesFirst(providers: IdentityProvider[]): IdentityProvider[] {
  return [...providers].sort((a, b) => Number(a.audience !== 'families') - Number(b.audience !== 'families'));
}

/** The identity providers of the login page; no retry: the password form works without them. */
export function useProviders() {
  return useQuery<IdentityProvider[], ApiError>({
    queryKey: providersKey,
    queryFn: fetchProviders,
    select: familiesFirst,
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** The identity waiting to be linked; its absence (404) is an answer, not an error to retry. */
export function usePendingLink() {
  return useQuery<PendingLink, ApiError>({
    queryKey: pendingKey,
    queryFn: fetchPendingLink,
    retry: (count, error) => error.status !== 404 && error.status !== 0 && count < 1,
    refetchOnWindowFocus: false,
  });
}

/** POST link; once linked the session is open: the signed-in user (its Me) goes home. */
export function useLinkAccount() {
  const signedIn = useSignedIn();
  const queryClient = useQueryClient();
  return useMutation<Me, ApiError, LinkProof>({
    mutationFn: async (proof) => {
      await linkAccount(proof);
      return fetchMe();
    },
    onSuccess: (me) => {
      queryClient.removeQueries({ queryKey: pendingKey });
      signedIn(me);
    },
  });
}

export function useSchoolIdentities(schoolId: number, page: number) {
  return useQuery<IdentitiesPage, ApiError>({
    queryKey: [...identitiesKey(schoolId), page],
    queryFn: () => fetchSchoolIdentities(schoolId, page),
    placeholderData: keepPreviousData,
  });
}

export function useUnlinkIdentity(schoolId: number) {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, number>({
    mutationFn: unlinkIdentity,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: identitiesKey(schoolId) }),
  });
}
