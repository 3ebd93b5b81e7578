import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** TLS certificate and key files (PEM); both empty for plain TCP. */
export interface TlsFiles {
  readonly certFile: string;
  readonly keyFile: string;
}

/** What the listener hands to an app and sends back. */
export type ListenerApp = (request: {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Uint8Array;
  /** `performance.now()` when the request arrived, before its body was read. */
  receivedAt: number;
}) => Promise<{ status: number; headers: Readonly<Record<string, string>>; body: Uint8Array | string }>;

/** A bound HTTP listener. */
export interface HttpListener {
  readonly server: Server;
  readonly port: number;
  /** Stops accepting, lets requests in progress finish, closes idle connections. */
  close(): Promise<void>;
}

/**
 * Serves an app over node:http (or node:https with TLS files). Bodies over `maxBodyBytes` get 413 without
 * being read in full.
 */
export async function listenHttp(
  app: ListenerApp,
  options: { host: string; port: number; maxBodyBytes: number; tls: TlsFiles },
): Promise<HttpListener> {
  const handler = (req: IncomingMessage, res: ServerResponse) =>
    void serve(app, req, res, options.maxBodyBytes);
  const server =
    options.tls.certFile === ''
      ? createServer(handler)
      : createTlsServer(
          { cert: readFileSync(options.tls.certFile), key: readFileSync(options.tls.keyFile) },
          handler,
        );
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return { server, port, close: () => closeServer(server) };
}

async function serve(
  app: ListenerApp,
  req: IncomingMessage,
  res: ServerResponse,
  maxBytes: number,
): Promise<void> {
  const receivedAt = performance.now();
  try {
    const body = await readBody(req, maxBytes);
    if (body === undefined) {
      send(
        res,
        413,
        { 'content-type': 'text/plain', connection: 'close' },
        `request body over ${maxBytes} bytes`,
      );
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const out = await app({ method: req.method ?? 'GET', path, headers: req.headers, body, receivedAt });
    send(res, out.status, out.headers, out.body);
  } catch (error) {
    if (!res.headersSent)
      send(res, 500, { 'content-type': 'text/plain' }, `internal error: ${String(error)}`);
    else res.destroy();
  }
}

function send(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array | string,
): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** Reads the body; undefined when it is over `maxBytes` (the rest is not buffered). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
