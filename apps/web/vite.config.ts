// The console: React + antd (zh_CN) + ECharts, built into apps/web/dist and served by the API at the same URL.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  resolve: {
    alias: [
      // Shared DTO types and labels (libs/contracts) and the framework-free party validators (never re-implemented here).
      { find: /^#contracts$/, replacement: here('../../libs/contracts/src/index.ts') },
      { find: /^#parties$/, replacement: here('../../libs/cases/src/domain/parties.ts') },
      // The clock engine's window rule (a ladder without `due` never goes overdue), one function for server and console.
      { find: /^#window$/, replacement: here('../../libs/deadlines/src/domain/window.ts') },
    ],
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
