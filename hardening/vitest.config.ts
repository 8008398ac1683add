import { defineConfig } from 'vitest/config';

/**
 * The hardening suite (`npm run test:hardening`): crash, flood, bad input and security tests
 * against the real server. Kept out of `npm test` because it takes minutes; CI runs it after.
 * Files run one at a time: the flood test's figures mean nothing with another file on the CPU.
 */
export default defineConfig({
  test: {
    name: 'hardening',
    root: new URL('..', import.meta.url).pathname,
    include: ['hardening/**/*.test.ts'],
    globalSetup: ['hardening/global-setup.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
  },
});
