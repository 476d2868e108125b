import { readFileSync } from 'node:fs';
import { Router } from 'express';
import { buildAsyncApi } from './asyncapi.js';
import { renderDocsPage } from './docsPage.js';
import { buildOpenApi } from './openapi.js';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/**
 * `/api/openapi.json`, `/api/asyncapi.json` and `/api/docs`: public, built on
 * first request and kept (they depend only on the code).
 */
export function apiDocsRoutes(deps: { publicUrl: string }): Router {
  const router = Router();
  let openApi: string | undefined;
  let asyncApi: string | undefined;
  let page: string | undefined;

  router.get('/openapi.json', (_req, res) => {
    openApi ??= JSON.stringify(buildOpenApi({ version: VERSION, serverUrl: deps.publicUrl }));
    res.type('application/json').send(openApi);
  });
  router.get('/asyncapi.json', (_req, res) => {
    asyncApi ??= JSON.stringify(
      buildAsyncApi({ version: VERSION, host: new URL(deps.publicUrl).host }),
    );
    res.type('application/json').send(asyncApi);
  });
  router.get('/docs', (_req, res) => {
    page ??= renderDocsPage(VERSION);
    res.type('text/html').send(page);
  });
  return router;
}
