import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['@autoscope/source'] },
  ssr: { resolve: { conditions: ['@autoscope/source'] } },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'eval/src/**/*.test.ts',
      'demo/src/**/*.test.ts',
    ],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
