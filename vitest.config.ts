import { defineConfig } from 'vitest/config';

// Unit tests run in parallel. Tests that drive the real engine run one file at a time:
// swarm mode, ports and the event stream are engine-wide.
const engineTests = ['**/*.engine.test.ts', '**/*.integration.test.ts', 'test/e2e/**/*.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // Some of these drive the built CLI in child processes; a loaded machine needs room.
          testTimeout: 30_000,
          include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: [...engineTests, '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'engine',
          include: engineTests,
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
