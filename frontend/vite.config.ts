import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Django (runserver / gunicorn) listens here during development.
const BACKEND = 'http://127.0.0.1:8000';

// https://vite.dev/config/
/** recharts and its dependencies, with @mantine/charts: only the authority dashboards use them. */
const CHART_PACKAGES =
  /[\\/]node_modules[\\/](@mantine[\\/]charts|recharts|victory-vendor|d3-[a-z-]+|internmap|@reduxjs|redux|redux-thunk|react-redux|reselect|immer|es-toolkit|eventemitter3|decimal\.js-light|tiny-invariant|@standard-schema)[\\/]/;

/** The rich-text editor (tiptap, ProseMirror, the Markdown parser): only those who write load it. */
const EDITOR_PACKAGES =
  /[\\/]node_modules[\\/](@mantine[\\/]tiptap|@tiptap|prosemirror-[a-z-]+|orderedmap|rope-sequence|w3c-keyname|linkifyjs|marked|fast-equals)[\\/]/;

export default defineConfig(({ command }) => ({
  // Django serves the built files with whitenoise under /static/, and answers
  // every non-API path with dist/index.html (SPA fallback). In development the
  // Vite server itself is the entry point, so the app is served from the root
  // (otherwise client-side routes such as /connexion would not be reachable).
  base: command === 'build' ? '/static/' : '/',
  plugins: [react()],
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
