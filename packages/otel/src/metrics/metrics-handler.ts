import type { IncomingMessage, ServerResponse } from 'node:http';
import { type MetricsRegistry, PROMETHEUS_CONTENT_TYPE, renderPrometheus } from '@autoscope/core';

/**
 * A `node:http` request listener that serves the registry in the Prometheus text format at `path`
 * (default `/metrics`; the query string is ignored). Other paths get 404, other methods than GET/HEAD 405.
 * Use it as the whole server (`http.createServer(createMetricsHandler(registry))`) or call it from yours.
 */
export function createMetricsHandler(
  registry: MetricsRegistry,
  path = '/metrics',
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const url = request.url ?? '/';
    const pathname = url.includes('?') ? url.slice(0, url.indexOf('?')) : url;
    if (pathname !== path) return plain(response, 404, 'not found\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return plain(response, 405, 'method not allowed\n');
    }
    const body = renderPrometheus(registry);
    response.writeHead(200, {
      'content-type': PROMETHEUS_CONTENT_TYPE,
      'content-length': Buffer.byteLength(body),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };
}

function plain(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
