import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Ink's lastFrame() breaks under CI=true (ink-and-tooling.md P5); workers always see CI=false.
    env: { CI: 'false', FORCE_COLOR: '0' },
    setupFiles: ['test/setup.ts'],
    // Bounded, and generous for a loaded 2-core machine: a terminal test is a chain of screen waits, each of which
    // fails on its own, with the screen, after SCREEN_WAIT_MS (test/helpers/tmux.ts, 40 s); the test's own bound
    // only catches a test that keeps making slow progress. A real hang still fails.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Vitest's default on 2 cores is ONE worker (cores − 1). Most of the suite waits on child processes, local
    // servers and tmux, so two files at a time overlap that waiting; every test has its own servers, ports
    // (port 0), temp folders and tmux server, so files do not share state.
    maxWorkers: 2,
    server: {
      deps: {
        // @flyteorg/flyteidl2 ships only .ts sources; let Vite transform them.
        inline: [/@flyteorg\/flyteidl2/],
      },
    },
  },
});
