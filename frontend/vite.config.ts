import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Django (runserver / gunicorn) listens here during development.
const BACKEND = 'http://127.0.0.1:8000';

// https://vite.dev/config/
/** recharts and its dependencies, with @mantine/charts: only the authority dashboards use them. */
const CHART_PACKAGES =
  /[\\/]node_modules[\\/](@mantine[\\/]charts|recharts|victory-vendor|d3-[a-z-]+|internmap|@reduxjs|redux|redux-thunk|react-redux|reselect|immer|es-toolkit|eventemitter3|decimal\.js-light|tiny-invariant|@standard-schema)[\\/]/;

/** The rich-text editor (tiptap, ProseMirror, the Markdown parser): only those who write load it. */
const EDITOR_PACKAGES =
  /[\\/]node_modules[\\/](@mantine[\\/]tiptap|@tiptap|prosemirror-[a-z-]+|orderedmap|rope-sequence|w3c-keyname|linkifyjs|marked|fast-equals)[\\/]/;

/**
 * What a family reads offline: the pages' API reads kept by the service worker as they were
 * last fetched (network first), in one cache that the app wipes at sign-in and sign-out
 * (src/shared/offline.ts, OFFLINE_CACHE): the home page, the week's timetable, the
 * homework, the liaison notes and announcements, who is signed in — and, for the staff, the
 * roll call's sheet and the muster's list. docs/pwa.md.
 */
const OFFLINE_READS =
  /\/api\/v1\/(accounts\/me|today|timetable\/children\/week|timetable\/classrooms\/\d+\/week|timetable\/teacher\/day|homework\/children|messaging\/notes|messaging\/announcements|attendance\/classrooms\/\d+\/roll-call|safety\/musters\/\d+)\/(\?.*)?$/;

/** The installable app: its manifest, and a service worker that keeps the app shell. */
const pwa = VitePWA({
  // The app registers the worker itself (src/shared/serviceWorker.ts) and asks before it
  // takes a new version.
  injectRegister: false,
  registerType: 'prompt',
  filename: 'sw.js',
  manifestFilename: 'manifest.webmanifest',
  includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
  manifest: {
    id: '/',
    name: 'Préau — la vie scolaire',
    short_name: 'Préau',
    description: "La vie scolaire de l'école primaire : emploi du temps, devoirs, absences, messages.",
    lang: 'fr',
    dir: 'ltr',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: '#1864ab',
    icons: [
      { src: '/static/icon-192.png', sizes: '192x192', type: 'image/png' },
      { src: '/static/icon-512.png', sizes: '512x512', type: 'image/png' },
      { src: '/static/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    // The built files are served under /static/ and the worker from the root (/sw.js, a
    // Django view), so that it controls every page of the app.
    modifyURLPrefix: { '': '/static/' },
    globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
    // The charts and the editor (about 500 kB each) are fetched when first used.
    globIgnores: ['**/vendor-charts-*.js', '**/vendor-editor-*.js', '**/*.map'],
    navigateFallback: '/static/index.html',
    navigateFallbackDenylist: [/^\/api\//, /^\/admin\//, /^\/static\//, /^\/ws\//, /^\/sw\.js$/],
    inlineWorkboxRuntime: true,
    // Web Push: the push and notificationclick handlers (public/push-sw.js).
    importScripts: ['/static/push-sw.js'],
    sourcemap: false,
    clientsClaim: true,
    cleanupOutdatedCaches: true,
    runtimeCaching: [
      {
        urlPattern: OFFLINE_READS,
        handler: 'NetworkFirst',
        method: 'GET',
        options: {
          cacheName: 'preau-offline-reads',
          networkTimeoutSeconds: 6,
          expiration: { maxEntries: 200, maxAgeSeconds: 14 * 24 * 3600 },
          cacheableResponse: { statuses: [200] },
        },
      },
    ],
  },
});

export default defineConfig(({ command }) => ({
  // Django serves the built files with whitenoise under /static/, and answers
  // every non-API path with dist/index.html (SPA fallback). In development the
  // Vite server itself is the entry point, so the app is served from the root
  // (otherwise client-side routes such as /connexion would not be reachable).
  base: command === 'build' ? '/static/' : '/',
  plugins: [react(), pwa],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: BACKEND, changeOrigin: false },
      '/admin': { target: BACKEND, changeOrigin: false },
      '/static/admin': { target: BACKEND, changeOrigin: false },
      '/ws': { target: BACKEND, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    // The two chunks loaded on demand (charts, the rich-text editor) are about 500 kB each.
    chunkSizeWarningLimit: 550,
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'vendor-react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser)[\\/]/,
              priority: 30,
            },
            {
              // Charts (authority dashboards only), kept out of the chunks every page loads;
              // last, so that what they share with the rest (react-is…) stays there.
              name: 'vendor-charts',
              test: CHART_PACKAGES,
              priority: 5,
            },
            {
              // The rich-text editor, loaded on demand by the forms where people write; last
              // too, so that Mantine and React stay in their own chunks.
              name: 'vendor-editor',
              test: EDITOR_PACKAGES,
              priority: 4,
            },
            {
              name: 'vendor-mantine',
              test: /[\\/]node_modules[\\/](@mantine(?![\\/](charts|tiptap))|@floating-ui|react-remove-scroll|react-remove-scroll-bar|react-style-singleton|use-callback-ref|use-sidecar|get-nonce|tslib|react-number-format|clsx)[\\/]/,
              priority: 20,
            },
            {
              name: 'vendor',
              test: (id: string) => /[\\/]node_modules[\\/]/.test(id) && !CHART_PACKAGES.test(id) && !EDITOR_PACKAGES.test(id),
              priority: 10,
            },
          ],
        },
      },
    },
  },
}));
