import type { HttpResponseOut } from '../receivers/http-app.js';

/** What the admin app reports. */
export interface AdminSource {
  /** Prometheus text exposition of every metric. */
  metrics(): string;
  /** Ready to accept data: listeners up, not shutting down, log not full. */
  ready(): { readonly ready: boolean; readonly reason: string };
}

const PROMETHEUS = 'text/plain; version=0.0.4; charset=utf-8';

/** The admin app: `GET /metrics` (Prometheus), `/healthz` (process alive), `/readyz` (accepting data). */
export function createAdminApp(source: AdminSource, version: string) {
  return async (request: { method: string; path: string }): Promise<HttpResponseOut> => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'use GET\n');
    if (request.path === '/metrics')
      return { status: 200, headers: { 'content-type': PROMETHEUS }, body: Buffer.from(source.metrics()) };
    if (request.path === '/healthz') return json(200, { status: 'ok', version });
    if (request.path === '/readyz') {
      const { ready, reason } = source.ready();
      return json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', reason });
    }
    return text(404, 'not found: try /metrics, /healthz, /readyz\n');
  };
}

function text(status: number, body: string): HttpResponseOut {
  return { status, headers: { 'content-type': 'text/plain' }, body: Buffer.from(body) };
}

function json(status: number, value: object): HttpResponseOut {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(value)),
  };
}
