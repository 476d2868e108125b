import type { z } from 'zod';
import { clientEvents, serverEvents } from '../shared/socketSchemas.js';
import { ROUTE_CATALOG, type RouteDoc } from './catalog.js';
import { openApiPath, toJsonSchema } from './jsonSchema.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const schemaBlock = (label: string, schema: z.ZodType | undefined, io: 'input' | 'output') =>
  schema
    ? `<details><summary>${label}</summary><pre>${escapeHtml(
        JSON.stringify(toJsonSchema(schema, io), null, 2),
      )}</pre></details>`
    : '';

function routeSection(key: string, route: RouteDoc): string {
  const [method, path] = key.split(' ') as [string, string];
  const auth = route.auth ?? 'session';
  const statuses = Object.entries(route.responses)
    .map(([status, r]) => `<li><code>${status}</code> ${escapeHtml(r.description)}</li>`)
    .join('');
  return `<section id="${escapeHtml(key.replace(/\W+/g, '-'))}">
<h3><span class="m">${method}</span> <code>${escapeHtml(openApiPath(path))}</code></h3>
<p>${escapeHtml(route.summary)} <small>(${auth === 'none' ? 'public' : auth === 'bearer' ? 'bearer token' : 'signed in'})</small></p>
<ul>${statuses}</ul>
${schemaBlock('Path parameters', route.params, 'input')}${schemaBlock('Query', route.query, 'input')}${schemaBlock('Body', route.body, 'input')}
</section>`;
}

/**
 * `/api/docs`: both documents as one readable page. Plain HTML and a
 * stylesheet, no script, so helmet's Content-Security-Policy stays as it is.
 */
export function renderDocsPage(version: string): string {
  const byTag = new Map<string, string[]>();
  for (const [key, route] of Object.entries(ROUTE_CATALOG)) {
    const list = byTag.get(route.tag) ?? [];
    list.push(routeSection(key, route));
    byTag.set(route.tag, list);
  }
  const rest = [...byTag]
    .map(([tag, sections]) => `<h2 id="tag-${tag}">${escapeHtml(tag)}</h2>${sections.join('')}`)
    .join('');
  const toServer = Object.entries(clientEvents)
    .map(
      ([
        event,
        spec,
      ]) => `<section><h3><span class="m">emit</span> <code>${escapeHtml(event)}</code></h3>
<p>${escapeHtml(spec.summary)}</p>${schemaBlock('Payload', spec.payload, 'input')}${schemaBlock('Ack (besides ok: true)', spec.ack, 'output')}</section>`,
    )
    .join('');
  const toClient = Object.entries(serverEvents)
    .map(
      ([
        event,
        spec,
      ]) => `<section><h3><span class="m">on</span> <code>${escapeHtml(event)}</code></h3>
<p>${escapeHtml(spec.summary)}</p>${schemaBlock('Payload', spec.payload, 'output')}</section>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley API ${escapeHtml(version)}</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d232a}
h2{border-bottom:1px solid #ccd;margin-top:2.5rem;text-transform:capitalize}
section{margin:1rem 0;padding:.5rem 1rem;border-left:3px solid #8aa}
.m{display:inline-block;min-width:4rem;font:600 .8rem monospace;color:#245}
pre{background:#f4f6f8;padding:.75rem;overflow:auto;font-size:.8rem}
</style></head><body><main>
<h1>Parley API <small>${escapeHtml(version)}</small></h1>
<p>Machine-readable: <a href="/api/openapi.json">OpenAPI 3.1</a> (REST) and
<a href="/api/asyncapi.json">AsyncAPI 3.0</a> (socket.io), both generated from the zod
schemas the server validates with. JSON bodies, cookie session (<code>POST /api/auth/login</code>);
every error is <code>{ "error": { "code", "message", "details"? } }</code>.</p>
<nav><a href="#rest">REST</a> · <a href="#socket">Socket protocol</a></nav>
<h1 id="rest">REST</h1>${rest}
<h1 id="socket">Socket protocol</h1>
<p>socket.io 4 on the same origin, default namespace; the handshake uses the session cookie.
Every client event takes an ack: <code>{ ok: true, ... }</code> or <code>{ ok: false, error }</code>.</p>
<h2>Client → server</h2>${toServer}
<h2>Server → client</h2>${toClient}
</main></body></html>`;
}
