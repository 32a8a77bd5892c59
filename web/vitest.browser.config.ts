import { defineConfig } from 'vitest/config';

/**
 * Browser tests: a real server (seeded with the demo data) serving the built pages, driven by Debian's Chromium
 * through playwright-core. One server for the whole run, started and stopped by e2e/globalSetup.ts.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/globalSetup.ts'],
    setupFiles: ['e2e/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // The tests share one server and one browser install; running files one after another keeps timings stable.
    fileParallelism: false,
  },
});
