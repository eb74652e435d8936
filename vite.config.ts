// The web app's build: root is web/, the static site goes to dist/ at the
// repository root (servable by any static server; no server code needed).
// Scenarios are read from ../scenarios and the kernel from ../kernel-sim/build,
// so the dev server may serve the whole repository.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: 'web',
  base: './',
  plugins: [svelte()],
  // TOOLCHAIN.md pitfall 4: workers are ES modules (top-level await in the bindings)
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // the kernel stays a file of its own, so its size is measured (and cached) apart from the JS
    assetsInlineLimit: (file: string) => (file.endsWith('.wasm') ? false : undefined),
  },
  server: { fs: { allow: [repo] } },
});
