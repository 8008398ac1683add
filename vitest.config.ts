import { defineConfig } from 'vitest/config';

const skipPostgres = process.env.SERVICECHAIN_SKIP_POSTGRES === '1';
if (skipPostgres)
  console.warn('SERVICECHAIN_SKIP_POSTGRES=1: the API and ingest tests run on SQLite only');

export default defineConfig({
  test: {
    testTimeout: 20_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'sqlite',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'web/src/**/*.test.ts'],
        },
      },
      // The same API and ingest test files again, on PostgreSQL (see test/test-store.ts); the
      // store contract runs on both from src/store/postgres/postgres-store.test.ts.
      ...(skipPostgres
        ? []
        : [
            {
              extends: true,
              test: {
                name: 'postgres',
                include: ['src/api/**/*.test.ts', 'src/ingest/pipeline.test.ts'],
                exclude: [
                  'src/api/web/e2e/**',
                  // Counts on 50 racing clients staying under the write rate limit: on
                  // PostgreSQL reads never queue behind a write, so more race, retry, and
                  // reach the limit (a timing property, not a store one).
                  'src/api/rest/concurrency.test.ts',
                ],
                env: { SERVICECHAIN_TEST_STORE: 'postgres' },
              },
            },
          ]),
    ],
  },
});
