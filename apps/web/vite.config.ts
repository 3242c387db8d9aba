import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { bundleBudget } from './build/bundle-budget.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `npm run dev:web` sends API calls: the gateway `npm start` runs. */
const gateway = process.env.BAZAAR_GATEWAY_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  // The gateway serves dist/web (its WEB_ROOT): hashed files under assets/ are cached forever, index.html never.
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    assetsDir: 'assets',
    // No inline <script> or data: URLs for scripts: the gateway's Content-Security-Policy allows 'self' only.
    assetsInlineLimit: 0,
    rolldownOptions: {
      // React libraries mark their modules "use client" for server components; a client bundle has no use for it.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  // Vite 8 compiles JSX with Oxc itself: no React plugin (its optional Babel peers do not resolve with this
  // lockfile), so the dev server reloads the page instead of hot-swapping components.
  oxc: { jsx: { runtime: 'automatic' } },
  plugins: [bundleBudget()],
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/api', '/docs', '/.well-known'].map((prefix) => [prefix, gateway])),
  },
  test: {
    environment: 'happy-dom',
    // The app's origin in tests: the API client's base URL and the cookies' home.
    environmentOptions: { happyDOM: { url: 'http://localhost:3000/' } },
    include: ['src/**/*.test.{ts,tsx}', 'build/**/*.test.ts'],
    setupFiles: ['src/test/setup.ts'],
    restoreMocks: true,
  },
});
