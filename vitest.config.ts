import { defineConfig } from 'vitest/config';

// Two projects: pure/HTTP-level tests once, database tests once per SARING_TEST_DB (pglite | postgres).
export default defineConfig({
  test: {
    env: { DOTENV_CONFIG_QUIET: 'true', LOG_LEVEL: 'silent' },
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'], globalSetup: ['test/helpers/global-setup.ts'] },
      },
      // Scale-out: spawned worker processes on PostgreSQL; one file at a time (they kill and restart things).
      // Their waits have no deadlines of their own: the timeout only guards against a hang on a busy machine.
      { extends: true, test: { name: 'scale', include: ['test/scale/**/*.test.ts'], fileParallelism: false, testTimeout: 600_000 } },
    ],
  },
});
