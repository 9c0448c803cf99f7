import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import type { ApiError } from '../../api/errors';
import type {
  ActivateRequest,
  LoginRequest,
  Me,
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  UserSession,
} from '../../api/types';
import { adoptAccountLanguage } from '../../shared/i18n';
import { ME_QUERY_KEY } from '../../shared/queryClient';
import { forgetSessionExpired } from '../../shared/sessionExpiry';
import {
  activate,
  confirmPasswordReset,
  endOtherSessions,
  endSession,
  fetchMe,
  fetchMySessions,
  login,
  logout,
  requestPasswordReset,
} from './api';

export const meQueryKey = ME_QUERY_KEY;

export const LOGIN_PATH = '/connexion';
export const HOME_PATH = '/';
export const ACTIVATE_PATH = '/activer';
export const PASSWORD_FORGOT_PATH = '/mot-de-passe-oublie';
export const PASSWORD_RESET_PATH = '/mot-de-passe/nouveau';
export const mySessionsQueryKey = ['accounts', 'me', 'sessions'] as const;

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
      forgetSessionExpired();
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

/** POST password-reset: the answer never says whether the address is known. */
export function useRequestPasswordReset() {
  return useMutation<void, ApiError, PasswordResetRequest>({ mutationFn: requestPasswordReset });
}

/** POST password-reset/confirm. */
export function useConfirmPasswordReset() {
  return useMutation<void, ApiError, PasswordResetConfirmRequest>({ mutationFn: confirmPasswordReset });
}

/** The viewer's open sessions, the current one flagged. */
export function useMySessions() {
  return useQuery<UserSession[], ApiError>({ queryKey: mySessionsQueryKey, queryFn: fetchMySessions });
}

/** End one session; ending the current one signs out here too. */
export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, UserSession>({
    mutationFn: (session) => endSession(session.id),
    onSuccess: (_nothing, session) => {
      if (session.current) {
        void queryClient.invalidateQueries({ queryKey: meQueryKey });
        return;
      }
      queryClient.setQueryData<UserSession[]>(mySessionsQueryKey, (sessions) =>
        sessions?.filter((other) => other.id !== session.id),
      );
    },
  });
}

/** End every session but this one; resolves to how many ended. */
export function useEndOtherSessions() {
  const queryClient = useQueryClient();
  return useMutation<number, ApiError, void>({
    mutationFn: endOtherSessions,
    onSuccess: () => {
      queryClient.setQueryData<UserSession[]>(mySessionsQueryKey, (sessions) =>
        sessions?.filter((session) => session.current),
      );
    },
  });
}
