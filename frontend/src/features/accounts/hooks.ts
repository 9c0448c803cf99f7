import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import type { ApiError } from '../../api/errors';
import type { ActivateRequest, LoginRequest, Me } from '../../api/types';
import { adoptAccountLanguage } from '../../shared/i18n';
import { ME_QUERY_KEY } from '../../shared/queryClient';
import { activate, fetchMe, login, logout } from './api';

export const meQueryKey = ME_QUERY_KEY;

export const LOGIN_PATH = '/connexion';
export const HOME_PATH = '/';
export const ACTIVATE_PATH = '/activer';

/** The signed-in user (GET /api/v1/accounts/me/); errors with status 401 when signed out. */
export function useMe(options: { retryOnMount?: boolean } = {}) {
  return useQuery<Me, ApiError>({
    queryKey: meQueryKey,
    queryFn: fetchMe,
    staleTime: 60_000,
    ...options,
  });
}

/** POST login; on success caches the returned Me and goes to the home page. */
export function useLogin() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation<Me, ApiError, LoginRequest>({
    mutationFn: login,
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      void adoptAccountLanguage(me.language);
      void navigate(HOME_PATH, { replace: true });
    },
  });
}

/** POST activate; on success the new account is signed in: cache its Me and go home. */
export function useActivate() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation<Me, ApiError, ActivateRequest>({
    mutationFn: activate,
    onSuccess: (me) => {
      queryClient.setQueryData(meQueryKey, me);
      void adoptAccountLanguage(me.language);
      void navigate(HOME_PATH, { replace: true });
    },
  });
}

/**
 * POST logout, then forget everything cached for this user and go to the login
 * page. The local state is reset even if the request failed: the login page
 * asks the server again and sends the user back home if the session survived.
 */
export function useLogout() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation<void, ApiError, void>({
    mutationFn: logout,
    onSettled: async () => {
      await queryClient.cancelQueries();
      queryClient.clear();
      void navigate(LOGIN_PATH, { replace: true });
    },
  });
}
