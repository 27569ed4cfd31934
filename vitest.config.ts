import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    include: ['lib/**/*.test.ts', 'scripts/**/*.test.ts', 'app/**/*.test.ts', 'components/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**'],
    // Each file starts its own embedded engine (~3 s of initdb); on 2 cores, two files at a time.
    maxWorkers: 2,
    testTimeout: 30_000,
    // What next.config.ts's experimental.authInterrupts sets inside Next, so forbidden() works here too.
    env: { __NEXT_EXPERIMENTAL_AUTH_INTERRUPTS: 'true' },
    hookTimeout: 60_000,
  },
});
