import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';

import { api, unwrap } from '../../api/client';
import { ensureCsrfToken } from '../../api/csrf';
import { isApiError, type ApiError } from '../../api/errors';
import type { Me, Passkey, PublicKeyOptions } from '../../api/types';
import { errorMessage } from '../../shared/errorMessage';
import { useSignedIn } from './hooks';

export const passkeysQueryKey = ['accounts', 'me', 'passkeys'] as const;

/** This browser can create and use passkeys (WebAuthn and its JSON helpers). */
export function passkeysSupported(): boolean {
  return (
    typeof PublicKeyCredential !== 'undefined' &&
    typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function' &&
    typeof navigator !== 'undefined' &&
    typeof navigator.credentials?.create === 'function'
  );
}

/** The browser found no passkey answer (no WebAuthn here, or an empty answer). */
export class PasskeyUnavailable extends Error {}

/** `navigator.credentials.create` with the server's options; the answer in its JSON form. */
async function createCredential(options: PublicKeyOptions): Promise<Record<string, unknown>> {
  if (!passkeysSupported()) throw new PasskeyUnavailable('unsupported');
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(
    options as unknown as PublicKeyCredentialCreationOptionsJSON,
  );
  const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential | null;
  if (!credential) throw new PasskeyUnavailable('empty');
  return credential.toJSON() as unknown as Record<string, unknown>;
}

/** `navigator.credentials.get` with the server's options; the answer in its JSON form. */
async function getCredential(options: PublicKeyOptions): Promise<Record<string, unknown>> {
  if (!passkeysSupported()) throw new PasskeyUnavailable('unsupported');
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(
    options as unknown as PublicKeyCredentialRequestOptionsJSON,
  );
  const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential | null;
  if (!credential) throw new PasskeyUnavailable('empty');
  return credential.toJSON() as unknown as Record<string, unknown>;
}

/** The viewer's passkeys (a handful: one page). */
export async function fetchPasskeys(): Promise<Passkey[]> {
  const page = await unwrap(api.GET('/api/v1/accounts/me/passkeys/', { params: { query: { page_size: 200 } } }));
  return page.results;
}

/** Add a passkey: the server's options, the authenticator's answer, the server's check. */
export async function addPasskey(name: string): Promise<Passkey> {
  await ensureCsrfToken();
  const options = await unwrap(api.POST('/api/v1/accounts/me/passkeys/register/begin/', { body: { name } }));
  const credential = await createCredential(options);
  return unwrap(api.POST('/api/v1/accounts/me/passkeys/register/complete/', { body: { credential } }));
}

export async function removePasskey(passkeyId: number): Promise<void> {
  await ensureCsrfToken();
  await unwrap(
    api.DELETE('/api/v1/accounts/me/passkeys/{passkey_id}/', { params: { path: { passkey_id: String(passkeyId) } } }),
  );
}

/** Second step of the login with a passkey: its signature opens the session. */
export async function loginWithPasskey(): Promise<Me> {
  await ensureCsrfToken();
  const options = await unwrap(api.POST('/api/v1/accounts/login/passkey/begin/'));
  const credential = await getCredential(options);
  return unwrap(api.POST('/api/v1/accounts/login/passkey/complete/', { body: { credential } }));
}

/** Sign in with a passkey alone: the browser offers the passkeys it holds for this site. */
export async function loginPasswordless(): Promise<Me> {
  await ensureCsrfToken();
  const options = await unwrap(api.POST('/api/v1/accounts/login/passwordless/begin/'));
  const credential = await getCredential(options);
  return unwrap(api.POST('/api/v1/accounts/login/passwordless/complete/', { body: { credential } }));
}

export function usePasskeys() {
  return useQuery<Passkey[], ApiError>({ queryKey: passkeysQueryKey, queryFn: fetchPasskeys });
}

export function useAddPasskey() {
  const queryClient = useQueryClient();
  return useMutation<Passkey, Error, string>({
    mutationFn: addPasskey,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: passkeysQueryKey }),
  });
}

export function useRemovePasskey() {
  const queryClient = useQueryClient();
  return useMutation<void, Error, Passkey>({
    mutationFn: (passkey) => removePasskey(passkey.id),
    onSuccess: (_nothing, passkey) =>
      queryClient.setQueryData<Passkey[]>(passkeysQueryKey, (passkeys) =>
        passkeys?.filter((other) => other.id !== passkey.id),
      ),
  });
}

export function useLoginWithPasskey() {
  const signedIn = useSignedIn();
  return useMutation<Me, Error, void>({ mutationFn: loginWithPasskey, onSuccess: signedIn });
}

export function useLoginPasswordless() {
  const signedIn = useSignedIn();
  return useMutation<Me, Error, void>({ mutationFn: loginPasswordless, onSuccess: signedIn });
}

/** What went wrong, in words: the server's message, or what the browser said. */
export function passkeyErrorMessage(error: unknown, t: TFunction): string {
  if (isApiError(error)) return errorMessage(error, t);
  if (error instanceof PasskeyUnavailable) return t('accounts.passkeys.unsupported');
  if (error instanceof DOMException) {
    if (error.name === 'InvalidStateError') return t('accounts.passkeys.alreadyAdded');
    if (error.name === 'NotAllowedError' || error.name === 'AbortError') return t('accounts.passkeys.cancelled');
    if (error.name === 'NotSupportedError' || error.name === 'SecurityError') return t('accounts.passkeys.unsupported');
  }
  return t('errors.unexpected');
}
