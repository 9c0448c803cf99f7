import { availableParallelism } from 'node:os';

import { defineConfig, mergeConfig } from 'vitest/config';

import viteConfig from './vite.config.ts';

export default defineConfig((env) =>
  mergeConfig(viteConfig(env), {
    test: {
      environment: 'jsdom',
      setupFiles: ['./src/test/setup.ts'],
      include: ['src/**/*.test.{ts,tsx}'],
      css: false,
      // A busy machine (CI is shared) can stall a worker for seconds.
      testTimeout: 60_000,
      // One worker per core (the default keeps one core for the main process, which is idle
      // here), and the files of a worker share their modules: React, Mantine and the app are
      // imported once per worker rather than once per file (47 s against 152 s for the suite,
      // docs/testing.md). setup.ts resets what a file could leave behind (storage, cookies,
      // CSRF, language, timers, globals); no test mocks a module.
      maxWorkers: Math.max(2, availableParallelism()),
      isolate: false,
      restoreMocks: true,
      unstubGlobals: true,
    },
  }),
);
