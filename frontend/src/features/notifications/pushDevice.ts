/**
 * This browser's side of Web Push: whether it can, the person's permission, its
 * subscription with the push service (through the app's service worker), and which of the
 * account's devices it is (kept in localStorage, per account: the server never shows back a
 * device's address). docs/notifications.md.
 */

import { deletePushDevice } from './api';

const DEVICE_KEY = 'preau.push.device';

export function pushSupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    'serviceWorker' in navigator &&
    'PushManager' in window &&
    'Notification' in window
  );
}

function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  return Uint8Array.from(atob(padded), (char) => char.charCodeAt(0));
}

export class PushRefused extends Error {}

/**
 * Asks the person (the browser's own prompt, after they pressed the button), then
 * subscribes this browser with the server's key. Throws `PushRefused` when they say no.
 */
export async function subscribeThisBrowser(applicationServerKey: string): Promise<PushSubscriptionJSON> {
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') throw new PushRefused(permission);
  const registration = await navigator.serviceWorker.ready;
  const existing = await registration.pushManager.getSubscription();
  const subscription =
    existing ??
    (await registration.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(applicationServerKey),
    }));
  return subscription.toJSON();
}

/** Stops this browser's subscription with the push service (nothing when it has none). */
export async function unsubscribeThisBrowser(): Promise<void> {
  if (!pushSupported()) return;
  const registration = await navigator.serviceWorker.getRegistration();
  const subscription = await registration?.pushManager.getSubscription();
  await subscription?.unsubscribe();
}

interface StoredDevice {
  account: number;
  device: number;
}

/** The id of this browser among the account's devices, if it subscribed for this account. */
export function thisDevice(account: number): number | null {
  try {
    const stored = JSON.parse(localStorage.getItem(DEVICE_KEY) ?? 'null') as StoredDevice | null;
    return stored && stored.account === account ? stored.device : null;
  } catch {
    return null;
  }
}

export function rememberThisDevice(account: number, device: number): void {
  localStorage.setItem(DEVICE_KEY, JSON.stringify({ account, device } satisfies StoredDevice));
}

export function forgetThisDevice(): void {
  localStorage.removeItem(DEVICE_KEY);
}

/**
 * At sign-out: this browser stops receiving the account's pushes (its subscription deleted
 * while the session still exists, and left at the push service). Never blocks the sign-out.
 */
export async function leavePushOnThisDevice(account: number): Promise<void> {
  const device = thisDevice(account);
  if (device === null) return;
  forgetThisDevice();
  try {
    await deletePushDevice(device);
    await unsubscribeThisBrowser();
  } catch {
    // Offline or already gone: the push service will say the browser is gone (410).
  }
}
