/*
 * Préau's Web Push handlers, imported by the service worker that vite-plugin-pwa writes
 * (vite.config.ts, workbox.importScripts). A push carries a title for the lock screen, a
 * line, the page to open and its category — nothing personal (docs/notifications.md).
 */
self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = {};
  }
  event.waitUntil(
    self.registration.showNotification(data.title || 'Préau', {
      body: data.body || '',
      lang: 'fr',
      icon: '/static/icon-192.png',
      badge: '/static/icon-192.png',
      // One notification per category: a second message replaces the first.
      tag: data.category || 'preau',
      data: { url: typeof data.url === 'string' && data.url.startsWith('/') ? data.url : '/' },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = event.notification.data && event.notification.data.url ? event.notification.data.url : '/';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if ('focus' in client) {
          return client.navigate(url).then((opened) => (opened || client).focus());
        }
      }
      return self.clients.openWindow(url);
    }),
  );
});
