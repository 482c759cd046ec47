import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default, one worker less than the cores, is a single worker on CI's two cores; most files wait on
    // sockets, browsers and child processes rather than compute, so two workers there take a third off the run
    // (998 s → 674 s for the whole suite on the 2-core machine, 2026-11-23).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    globalSetup: ['test/globalSetup.ts'],
  },
});
