import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import type { Digest, DigestCategory, DigestInput, PushDevice, PushSettings, Unsubscribed } from '../../api/types';
import {
  deletePushDevice,
  fetchDigest,
  fetchPushSettings,
  saveDigest,
  savePushCategories,
  subscribePush,
  unsubscribe,
} from './api';
import { DIGEST_CATEGORIES } from './labels';
import {
  forgetThisDevice,
  rememberThisDevice,
  subscribeThisBrowser,
  thisDevice,
  unsubscribeThisBrowser,
} from './pushDevice';
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

export function usePushSettings() {
  return useQuery<PushSettings, ApiError>({ queryKey: notificationsKeys.push(), queryFn: fetchPushSettings });
}

/** This browser subscribes (after the person's yes) with every category, then is remembered. */
export function useSubscribeThisBrowser(account: number) {
  const queryClient = useQueryClient();
  return useMutation<PushDevice, Error, { key: string; label: string }>({
    mutationFn: async ({ key, label }) => {
      const subscription = await subscribeThisBrowser(key);
      return subscribePush({
        endpoint: subscription.endpoint ?? '',
        keys: { p256dh: subscription.keys?.p256dh ?? '', auth: subscription.keys?.auth ?? '' },
        label,
        categories: [...DIGEST_CATEGORIES],
      });
    },
    onSuccess: (device) => {
      rememberThisDevice(account, device.id);
      return queryClient.invalidateQueries({ queryKey: notificationsKeys.push() });
    },
  });
}

export function useSavePushCategories() {
  const queryClient = useQueryClient();
  return useMutation<PushDevice, ApiError, { id: number; categories: DigestCategory[] }>({
    mutationFn: ({ id, categories }) => savePushCategories(id, categories),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsKeys.push() }),
  });
}

/** A device stops receiving pushes; this browser also leaves its push service. */
export function useForgetDevice(account: number) {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, number>({
    mutationFn: async (id) => {
      await deletePushDevice(id);
      if (thisDevice(account) === id) {
        forgetThisDevice();
        await unsubscribeThisBrowser();
      }
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationsKeys.push() }),
  });
}
