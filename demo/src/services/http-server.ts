import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { matchRoute, type Route } from './route.js';
import { type DemoRequest, HttpError, loadHttp, type ServiceRuntime, sleep, withRequest } from './runtime.js';

/** Extra time an injected latency fault adds to each request, in the service's own code (self time). */
export const INJECTED_LATENCY_MS = 120;
const MAX_BODY_BYTES = 64 * 1024;

/**
 * Starts the service's HTTP server on 127.0.0.1 (port 0). Each request runs its route inside the SERVER
 * span the instrumentation opened, renamed to `{method} {route}`; faults of type `latency` and
 * `exception` are applied here, around the route, so they hit whichever service the orchestrator picks.
 */
export async function startHttpServer(runtime: ServiceRuntime, routes: readonly Route[]): Promise<Server> {
  const http = loadHttp();
  const server = http.createServer((req, res) => {
    handle(runtime, routes, req, res).catch((error: Error) => reply(res, 500, { error: error.message }));
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return server;
}

async function handle(
  runtime: ServiceRuntime,
  routes: readonly Route[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const found = matchRoute(routes, req.method ?? 'GET', url.pathname);
  const serverSpan = trace.getActiveSpan();
  if (found === undefined || serverSpan === undefined) {
    reply(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
    return;
  }
  serverSpan.updateName(`${found.route.method} ${found.route.pattern}`);
  serverSpan.setAttribute('http.route', found.route.pattern);
  const body = await readJson(req);
  const request: DemoRequest = { params: found.params, query: url.searchParams, body, serverSpan };
  try {
    const result = await withRequest(request, () => runRoute(runtime, found.route, request));
    reply(res, 200, result);
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    if (status >= 500) markError(serverSpan, error as Error);
    reply(res, status, { error: (error as Error).message });
  }
}

async function runRoute(runtime: ServiceRuntime, route: Route, request: DemoRequest): Promise<unknown> {
  const slow = runtime.faults.active('latency');
  if (slow !== undefined) {
    runtime.faults.touch(slow, request.serverSpan);
    await sleep(INJECTED_LATENCY_MS);
  }
  const result = await route.handle(request);
  const broken = runtime.faults.active('exception');
  if (broken !== undefined) {
    runtime.faults.touch(broken, request.serverSpan);
    throw new Error(`injected exception in ${runtime.service} while rendering ${route.pattern}`);
  }
  return result;
}

function markError(span: Span, error: Error): void {
  span.recordException(error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body ?? null);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk);
  }
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
}
