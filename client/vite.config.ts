/**
 * The web client's build: React via Vite's own JSX transform (oxc), a
 * service worker built from src/sw/sw.ts by vite-plugin-pwa (injectManifest,
 * so the push and click handlers are ours), and a dev proxy to the API.
 */
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

/** Where `npm run dev` sends /api and /socket.io (a server started with `npm start`). */
const API = process.env.PARLEY_API ?? 'http://localhost:3000';

/** The API checks Origin on state-changing requests: present the proxied ones as its own. */
const sameOrigin = {
  target: API,
  changeOrigin: true,
  configure(proxy: {
    on(event: string, fn: (req: { setHeader(k: string, v: string): void }) => void): void;
  }) {
    proxy.on('proxyReq', (req) => req.setHeader('origin', API));
    proxy.on('proxyReqWs', (req) => req.setHeader('origin', API));
  },
};

export default defineConfig({
  root: import.meta.dirname,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // React + router + query + socket.io in one entry chunk: ~380 kB raw, ~120 kB gzip.
    chunkSizeWarningLimit: 450,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries' "use client" directives mean nothing in a client-only bundle.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': sameOrigin,
      '/socket.io': { ...sameOrigin, ws: true },
      '/.well-known': sameOrigin,
    },
  },
  plugins: [
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectRegister: false,
      manifestFilename: 'manifest.webmanifest',
      includeAssets: ['icons/favicon.svg', 'icons/apple-touch-icon.png'],
      injectManifest: { globPatterns: ['**/*.{js,css,html,svg,png,webmanifest}'] },
      manifest: {
        name: 'Parley',
        short_name: 'Parley',
        description: 'Calm, reliable messaging for co-parents.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f7f4',
        theme_color: '#1f5f5b',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
    }),
  ],
});
