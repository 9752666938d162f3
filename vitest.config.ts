import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Ink's lastFrame() breaks under CI=true (ink-and-tooling.md P5); workers always see CI=false.
    env: { CI: 'false', FORCE_COLOR: '0' },
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    server: {
      deps: {
        // @flyteorg/flyteidl2 ships only .ts sources; let Vite transform them.
        inline: [/@flyteorg\/flyteidl2/],
      },
    },
  },
});
