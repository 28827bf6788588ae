// Unit tests run in parallel against pure modules; integration tests, one file at a time, use real SQLite,
// Postgres and Redis.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // One file at a time: team catch-up sees a row only once every older transaction on the Postgres
          // cluster ended, and the team tests kill and restart servers; in parallel they make each other flaky.
          fileParallelism: false,
        },
      },
    ],
  },
});
