import { defineConfig } from 'vite';

// The console is static files served by the runner (and the Console function
// when deployed) at / and /assets/…. `npx vite` serves it with hot reload and
// sends the API and /_local to a running runner (SELFSERVE_API, default
// http://127.0.0.1:3000).
const api = process.env.SELFSERVE_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    sourcemap: false,
    rolldownOptions: {
      onwarn(w, warn) {
        if (w.code === 'MODULE_LEVEL_DIRECTIVE') return; // Fluent UI's "use client"
        warn(w);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/v1': api, '/_local': api } },
});
