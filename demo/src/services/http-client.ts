import type { Agent } from 'node:http';
import { HttpError, loadHttp } from './runtime.js';

/** How long a caller waits for another demo service. */
export const CALL_TIMEOUT_MS = 2_000;

/** Calls between demo services over keep-alive connections on 127.0.0.1. */
export class ServiceClient {
  private readonly http = loadHttp();
  private readonly agent: Agent = new this.http.Agent({ keepAlive: true, maxSockets: 32 });
  private ports: Readonly<Record<string, number>> = {};

  /** Where each service listens (sent by the orchestrator once every service is up). */
  setPorts(ports: Readonly<Record<string, number>>): void {
    this.ports = ports;
  }

  /** Sends a JSON request; resolves the JSON reply, rejects with an `HttpError` on a non-2xx reply. */
  call(target: string, method: string, path: string, body?: unknown): Promise<unknown> {
    const port = this.ports[target];
    if (port === undefined) return Promise.reject(new HttpError(502, `unknown service ${target}`));
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = this.http.request(
        { host: '127.0.0.1', port, method, path, agent: this.agent, timeout: CALL_TIMEOUT_MS },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => settle(res.statusCode ?? 0, Buffer.concat(chunks), target, resolve, reject));
        },
      );
      req.on('timeout', () => req.destroy(new HttpError(504, `${target} did not answer in time`)));
      req.on('error', reject);
      if (payload !== undefined) req.setHeader('content-type', 'application/json');
      req.end(payload);
    });
  }

  /** Closes idle connections. */
  close(): void {
    this.agent.destroy();
  }
}

function settle(
  status: number,
  bytes: Buffer,
  target: string,
  resolve: (value: unknown) => void,
  reject: (error: Error) => void,
): void {
  let body: unknown;
  try {
    body = bytes.length === 0 ? undefined : JSON.parse(bytes.toString('utf8'));
  } catch {
    reject(new HttpError(502, `${target} sent a reply that is not JSON`));
    return;
  }
  if (status >= 200 && status < 300) resolve(body);
  else reject(new HttpError(status >= 500 ? 502 : status, `${target} replied ${status}`));
}
