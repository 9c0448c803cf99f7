import { defineConfig, mergeConfig } from 'vitest/config';

import viteConfig from './vite.config.ts';

export default defineConfig((env) =>
  mergeConfig(viteConfig(env), {
    test: {
      environment: 'jsdom',
      setupFiles: ['./src/test/setup.ts'],
      include: ['src/**/*.test.{ts,tsx}'],
      css: false,
      // `make test` runs this suite at a low priority beside the backend's (scripts/test.sh):
      // a worker can be stalled for seconds.
      testTimeout: 60_000,
      restoreMocks: true,
      unstubGlobals: true,
    },
  }),
);
