import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests share one Redis and one PostgreSQL; files run in parallel but each
    // uses its own queue prefix / schema, so this stays safe.
    pool: 'forks',
  },
});
