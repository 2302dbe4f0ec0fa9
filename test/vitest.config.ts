import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/tools.setup.ts'],
    setupFiles: ['test/loop-watch.setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Tests that run LibreOffice or whole builds are heavy; two cores, two workers.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
