import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { ApiError } from '../../api/errors';
import { fetchMe, saveFile } from '../accounts/api';
import { useSignedIn } from '../accounts/hooks';
import {
  enrolDevice,
  fetchClassCards,
  fetchClassDevices,
  fetchClassroom,
  fetchDevice,
  printCards,
  resetCard,
  revokeDevice,
  signIn,
  type ClassDevice,
  type DeviceState,
  type PrintRequest,
  type SignInRequest,
} from './api';
import { rememberClassTablet } from './classTablet';
import { classCardsKeys } from './queryKeys';

// --- The tablet ------------------------------------------------------------------------------

export function useDevice() {
  return useQuery<DeviceState, ApiError>({
    queryKey: classCardsKeys.device(),
    queryFn: fetchDevice,
    // A tablet that is not enrolled is told at once, not after three tries.
    retry: false,
    // The list of the class changes little in a day; the hours do: asked again now and then.
    refetchInterval: 5 * 60_000,
  });
}

/** A child's sign-in, then their home page (as after the login page). */
export function useCardSignIn() {
  const signedIn = useSignedIn();
  return useMutation<void, ApiError, SignInRequest>({
    mutationFn: async (body) => {
      await signIn(body);
      signedIn(await fetchMe());
    },
  });
}

// --- The teacher's page ----------------------------------------------------------------------

export function useClassroomOfCards(classroomId: number) {
  return useQuery({
    queryKey: classCardsKeys.classroom(classroomId),
    queryFn: () => fetchClassroom(classroomId),
    staleTime: 5 * 60_000,
  });
}

export function useClassCards(classroomId: number) {
  return useQuery({
    queryKey: classCardsKeys.cards(classroomId),
    queryFn: () => fetchClassCards(classroomId),
    // « Connecté maintenant » follows the children signing in on the tablets.
    refetchInterval: 30_000,
  });
}

export function useClassDevices(classroomId: number) {
  return useQuery({ queryKey: classCardsKeys.devices(classroomId), queryFn: () => fetchClassDevices(classroomId) });
}

/** The cards to print, as a PDF saved by the browser; the list then shows them printed. */
export function usePrintCards(classroomId: number) {
  const queryClient = useQueryClient();
  return useMutation<void, ApiError, PrintRequest>({
    mutationFn: async (body) => {
      const pdf = await printCards(classroomId, body);
      const who = body.pupils?.length === 1 ? `-${body.pupils[0]}` : '';
      saveFile(pdf, `cartes-de-classe-${classroomId}${who}.pdf`);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: classCardsKeys.cards(classroomId) }),
  });
}

export function useResetCard(classroomId: number) {
  const queryClient = useQueryClient();
  return useMutation<{ name: string }, ApiError, { pupilId: number; name: string }>({
    mutationFn: async ({ pupilId, name }) => {
      await resetCard(pupilId);
      return { name };
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: classCardsKeys.cards(classroomId) }),
  });
}

export function useEnrolDevice(classroomId: number) {
  const queryClient = useQueryClient();
  return useMutation<unknown, ApiError, string>({
    mutationFn: (name) => enrolDevice(classroomId, name),
    onSuccess: () => {
      rememberClassTablet(true);
      void queryClient.invalidateQueries({ queryKey: classCardsKeys.devices(classroomId) });
      void queryClient.invalidateQueries({ queryKey: classCardsKeys.device() });
    },
  });
}

export function useRevokeDevice(classroomId: number) {
  const queryClient = useQueryClient();
  return useMutation<ClassDevice, ApiError, number>({
    mutationFn: (deviceId) => revokeDevice(deviceId),
    onSuccess: (device) => {
      if (device.is_this_device) rememberClassTablet(false);
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: classCardsKeys.devices(classroomId) });
      void queryClient.invalidateQueries({ queryKey: classCardsKeys.device() });
    },
  });
}
