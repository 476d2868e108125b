import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import express, { Router, type NextFunction, type Request, type Response } from 'express';

/**
 * The client's own routes (client/src/app/App.tsx): these, and only these,
 * fall back to index.html. /api, /socket.io and unknown paths never do.
 */
export const SPA_ROUTES = [
  '/',
  '/signin',
  '/signup',
  '/forgot-password',
  '/reset-password/:token',
  '/verify-email/:token',
  '/pairing',
  '/tasks',
  '/contacts',
  '/notifications',
  '/profile',
  '/invite/:token',
  '/rooms/:roomId',
  // The service worker precaches this and answers every navigation with it.
  '/index.html',
];

/** Files that must be fetched fresh each time: they name the current hashed assets. */
const REVALIDATE = new Set(['index.html', 'sw.js', 'manifest.webmanifest']);

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parley</title></head>
<body><main><h1>Parley</h1><p>The web client is not built yet: run <code>npm run build</code>
(or restart with <code>npm start</code>, which builds it). The API is live under <code>/api</code>.</p></main></body></html>`;

/**
 * index.html as built, with the server's flags as meta tags (the CSP allows
 * no inline script). Re-read when the build changes under a running server.
 */
function indexLoader(dir: string, flags: Record<string, string>) {
  let cached: { mtimeMs: number; html: string } | null = null;
  const metas = Object.entries(flags)
    .map(([name, content]) => `<meta name="${name}" content="${content}" />`)
    .join('');
  return (): string | null => {
    const file = path.join(dir, 'index.html');
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      return null;
    }
    if (cached?.mtimeMs !== mtimeMs) {
      const html = readFileSync(file, 'utf8').replace('</head>', `${metas}</head>`);
      cached = { mtimeMs, html };
    }
    return cached.html;
  };
}

const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/**
 * Content-hashed assets, precompressed at build time (`.br`, `.gz` beside
 * each file): the best one the browser accepts, else the file itself.
 */
function precompressedAssets(assetsDir: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const name = path.basename(req.path);
    if (name !== req.path.slice(1) || !/^[\w.-]+\.(js|css)$/.test(name)) return next();
    const accepted = req.acceptsEncodings('br', 'gzip', 'identity');
    const encoding = ENCODINGS.find((e) => e.name === accepted);
    const file = encoding && path.join(assetsDir, name + encoding.suffix);
    if (!encoding || !file || !existsSync(file)) return next();
    res.setHeader('Content-Encoding', encoding.name);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.type(path.extname(name));
    res.sendFile(file, { cacheControl: false }, (err) => err && next(err));
  };
}

/**
 * Serves the built client from `dir`: hashed assets for a year (immutable),
 * index.html, the service worker and the manifest revalidated every time,
 * and index.html for the client's own routes.
 */
export function clientStatic(opts: { dir: string; googleSignIn: boolean }): Router {
  const router = Router();
  const loadIndex = indexLoader(opts.dir, {
    'parley-google': opts.googleSignIn ? 'on' : 'off',
  });

  const sendIndex = (_req: Request, res: Response) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(loadIndex() ?? NOT_BUILT);
  };
  // Before express.static: /index.html served raw lacked the flags, so a
  // parent whose app the service worker controls never saw the Google buttons.
  router.get(SPA_ROUTES, sendIndex);
  router.use('/assets', precompressedAssets(path.join(opts.dir, 'assets')));
  router.use(
    '/assets',
    express.static(path.join(opts.dir, 'assets'), {
      immutable: true,
      maxAge: '365d',
      index: false,
    }),
  );
  router.use(
    express.static(opts.dir, {
      index: false,
      setHeaders(res, file) {
        const name = path.basename(file);
        if (REVALIDATE.has(name)) res.setHeader('Cache-Control', 'no-cache');
        else res.setHeader('Cache-Control', 'public, max-age=86400');
        if (name === 'sw.js') res.setHeader('Service-Worker-Allowed', '/');
      },
    }),
  );
  return router;
}
