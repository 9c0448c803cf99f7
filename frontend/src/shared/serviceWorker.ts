import { Workbox } from 'workbox-window';

/**
 * Registers the app's service worker (built by vite-plugin-pwa, served by Django at /sw.js
 * so that it controls every page). A new version waits until the user accepts it:
 * `onUpdate` receives the function that activates it and reloads the page; `onFirstControl`
 * is called when the first worker ever installed takes the page. Not in
 * development (the Vite server has no worker) nor where browsers lack them.
 */
export function registerServiceWorker(
  onUpdate: (activate: () => void) => void,
  onFirstControl: () => void,
): void {
  if (import.meta.env.DEV || !('serviceWorker' in navigator)) return;
  const workbox = new Workbox('/sw.js', { scope: '/' });
  // The first worker takes the page it was installed from (clientsClaim): what the page
  // read before went around it, and is read again to be kept for offline reading.
  workbox.addEventListener('controlling', (event) => {
    if (!event.isUpdate) onFirstControl();
  });
  workbox.addEventListener('waiting', () => {
    onUpdate(() => {
      workbox.addEventListener('controlling', () => window.location.reload());
      workbox.messageSkipWaiting();
    });
  });
  void workbox.register().catch(() => {
    // No worker (a browser setting, an old build): the app works online as before.
  });
}
