import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on two cores (the default leaves one core to the main process): most tests wait on
    // sockets, child processes and Chromium rather than compute, and one at a time took the suite past 15 minutes.
    maxWorkers: 2,
    globalSetup: ['test/globalSetup.ts'],
  },
});
