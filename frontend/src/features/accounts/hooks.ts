import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';

import type { ApiError } from '../../api/errors';
import type {
  ActivateRequest,
  LoginRequest,
  LoginResult,
  Me,
  OtpSetup,
  OtpStatus,
  PasswordResetConfirmRequest,
  PasswordResetRequest,
  UserSession,
} from '../../api/types';
import { adoptAccountLanguage } from '../../shared/i18n';
import { forgetOfflineReads } from '../../shared/offline';
import { ME_QUERY_KEY } from '../../shared/queryClient';
import { forgetSessionExpired } from '../../shared/sessionExpiry';
import { isClassTablet } from '../classCards/classTablet';
import { DEVICE_PATH } from '../classCards/paths';
import { leavePushOnThisDevice } from '../notifications/pushDevice';
import {
  activate,
  confirmOtp,
  confirmPasswordReset,
  endOtherSessions,
  endSession,
  fetchMe,
  fetchMySessions,
  fetchOtpStatus,
  login,
  loginOtp,
  logout,
  removeOtp,
  requestPasswordReset,
  startOtp,
} from './api';

export const meQueryKey = ME_QUERY_KEY;

export const LOGIN_PATH = '/connexion';
export const HOME_PATH = '/';
export const ACTIVATE_PATH = '/activer';
/** First login of a role that must use a second factor and has none: nothing else until it is set. */
export const SECOND_FACTOR_SETUP_PATH = '/double-authentification';
export const PASSWORD_FORGOT_PATH = '/mot-de-passe-oublie';
export const PASSWORD_RESET_PATH = '/mot-de-passe/nouveau';
export const mySessionsQueryKey = ['accounts', 'me', 'sessions'] as const;
export const otpStatusQueryKey = ['accounts', 'me', 'otp'] as const;

/** The signed-in user (GET /api/v1/accounts/me/); errors with status 401 when signed out. */
export function useMe(options: { retryOnMount?: boolean } = {}) {
  return useQuery<Me, ApiError>({
    queryKey: meQueryKey,
    queryFn: fetchMe,
    staleTime: 60_000,
    ...options,
  });
}

/** Caches the signed-in user and goes to the home page. */
export function useSignedIn() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return (me: Me) => {
    forgetSessionExpired();
    queryClient.setQueryData(meQueryKey, me);
    void adoptAccountLanguage(me.language);
    // The pages kept for offline reading are the previous user's, on a shared device.
    void forgetOfflineReads().finally(() => navigate(HOME_PATH, { replace: true }));
  };
}

export function isSecondFactorStep(result: LoginResult): result is Exclude<LoginResult, Me> {
  return 'otp_required' in result;
}

/**
 * POST login; a signed-in user goes home, the code of a second factor is asked on the page
 * (its data), and a session opened only to set one up goes to the first-login setup page.
 */
export function useLogin() {
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  return useMutation<LoginResult, ApiError, LoginRequest>({
    mutationFn: login,
    onSuccess: (result) => {
      if (!isSecondFactorStep(result)) signedIn(result);
      else if (result.otp_setup_required) void navigate(SECOND_FACTOR_SETUP_PATH, { replace: true });
    },
  });
}

/** POST login/otp: the second step of the login. */
export function useLoginOtp() {
  const signedIn = useSignedIn();
  return useMutation<Me, ApiError, string>({ mutationFn: loginOtp, onSuccess: signedIn });
}

/** The viewer's second factor: offered, active, required. */
export function useOtpStatus() {
  return useQuery<OtpStatus, ApiError>({ queryKey: otpStatusQueryKey, queryFn: fetchOtpStatus });
}

export function useStartOtp() {
  return useMutation<OtpSetup, ApiError, void>({ mutationFn: startOtp });
}

export function useConfirmOtp() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, string>({
    mutationFn: confirmOtp,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: otpStatusQueryKey }),
  });
}

export function useRemoveOtp() {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, void>({
    mutationFn: removeOtp,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: otpStatusQueryKey }),
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
    mutationFn: async () => {
      // A signed-out account gets no more notifications on this device (a shared tablet).
      const me = queryClient.getQueryData<Me>(meQueryKey);
      if (me) await leavePushOnThisDevice(me.id);
      await logout();
    },
    onSettled: async () => {
      await queryClient.cancelQueries();
      queryClient.clear();
      await forgetOfflineReads();
      // On a class's tablet, the class's page for the next child.
      void navigate(isClassTablet() ? DEVICE_PATH : LOGIN_PATH, { replace: true });
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
