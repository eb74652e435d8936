/// <reference types="vitest/config" />
// One root config, one project per suite; `npm test` runs them all.
import { defineConfig } from 'vitest/config';

const suite = (name: string, extra: Record<string, unknown> = {}) => ({
  test: { name, include: [`test/${name}/**/*.test.ts`], testTimeout: 30_000, ...extra },
});

export default defineConfig({
  test: {
    projects: [
      suite('kernel'),
      suite('scenario'),
      suite('userland'),
      suite('cli'),
      // real syscalls as root: one file at a time so sandboxes do not race for the CPU
      suite('host', { fileParallelism: false, testTimeout: 120_000, hookTimeout: 120_000 }),
      suite('web', { fileParallelism: false, testTimeout: 120_000, hookTimeout: 120_000 }),
    ],
  },
});
