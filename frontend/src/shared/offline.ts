/**
 * The API reads the service worker keeps for offline reading (vite.config.ts, OFFLINE_READS):
 * one cache, of the signed-in user's pages only. It is wiped when someone signs in (a shared
 * family tablet: the previous user's pages go) and when they sign out. docs/pwa.md.
 */
export const OFFLINE_CACHE = 'preau-offline-reads';

export async function forgetOfflineReads(): Promise<void> {
  if (typeof caches === 'undefined') return;
  try {
    await caches.delete(OFFLINE_CACHE);
  } catch {
    // Storage unavailable (private mode, quota): there is nothing to forget.
  }
}
