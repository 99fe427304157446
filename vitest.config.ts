import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // PGlite instances are heavy: at most two workers on a 2-core machine.
    pool: 'forks',
    // The JSON report lets .ci/run print one plain "N passed, N failed" closing line.
    reporters: ['default', ['json', { outputFile: '.vitest-results.json' }]],
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node', testTimeout: 20_000 } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          // Files share a worker process, so a closed embedded test database's instance (reset) serves the next file.
          isolate: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        // The benchmark harness at its tiny scale: minutes of server work, so `npm test` leaves it to `.ci/run`.
        test: {
          name: 'bench',
          include: ['test/bench/**/*.test.ts'],
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 900_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
