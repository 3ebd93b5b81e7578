/**
 * OTLP/HTTP: one POST of `application/x-protobuf` per attempt, over keep-alive connections. Retries on
 * 429/502/503/504, timeouts and network errors (honouring Retry-After); any other non-2xx status is
 * permanent, as the OTLP specification says. A 2xx body is read as an (optionally partial) success.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { decodeExportResponse, decodeExportResponseJson, type ExportResult } from '@autoscope/otlp';
import { parseRetryAfter } from './backoff.js';
import { statusMessage } from './rpc-status.js';
import type { SendOutcome, Transport } from './transport.js';

const gzipAsync = promisify(gzip);
const RETRYABLE = new Set([429, 502, 503, 504]);
const MAX_RESPONSE_BYTES = 1 << 20;

/** Where and how an `HttpTransport` posts. */
export interface HttpTransportOptions {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly compression: 'gzip' | 'none';
  readonly timeoutMs: number;
}

/** Posts OTLP/HTTP protobuf requests. */
export class HttpTransport implements Transport {
  readonly name: string;
  private readonly agent: HttpAgent;
  private readonly post: typeof httpRequest;

  constructor(private readonly options: HttpTransportOptions) {
    this.name = `otlp-http ${options.url.href}`;
    const https = options.url.protocol === 'https:';
    this.agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
    this.post = https ? httpsRequest : httpRequest;
  }

  async prepare(request: Uint8Array): Promise<Uint8Array> {
    return this.options.compression === 'gzip' ? gzipAsync(request) : request;
  }

  send(body: Uint8Array, signal: AbortSignal): Promise<SendOutcome> {
    const { url, headers, compression, timeoutMs } = this.options;
    const all: Record<string, string | number> = {
      ...headers,
      'content-type': 'application/x-protobuf',
      'content-length': body.length,
    };
    if (compression === 'gzip') all['content-encoding'] = 'gzip';
    return new Promise((resolve) => {
      const attempt = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
      const req = this.post(
        url,
        { method: 'POST', headers: all, agent: this.agent, signal: attempt },
        (res) => {
          readBody(res).then(
            (bytes) => resolve(classify(res, bytes)),
            (error: Error) => resolve({ kind: 'retry', reason: `reading the response: ${error.message}` }),
          );
        },
      );
      req.on('error', (error) => resolve({ kind: 'retry', reason: describe(error, attempt) }));
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}

function classify(res: IncomingMessage, body: Uint8Array): SendOutcome {
  const status = res.statusCode ?? 0;
  const type = String(res.headers['content-type'] ?? '');
  if (status >= 200 && status < 300) return { kind: 'sent', result: partialSuccess(body, type) };
  const reason = `HTTP ${status}${errorText(body, type)}`;
  if (!RETRYABLE.has(status)) return { kind: 'failed', status, reason };
  return { kind: 'retry', reason, retryAfterMs: parseRetryAfter(res.headers['retry-after'], Date.now()) };
}

/** The partial-success part of a 2xx answer; an unreadable body counts as full success (it was accepted). */
function partialSuccess(body: Uint8Array, type: string): ExportResult {
  try {
    if (type.includes('json')) return decodeExportResponseJson(JSON.parse(new TextDecoder().decode(body)));
    return decodeExportResponse(body);
  } catch {
    return { rejectedSpans: 0, errorMessage: '' };
  }
}

/** `: message` of an error body (protobuf google.rpc.Status, JSON or text), or nothing. */
function errorText(body: Uint8Array, type: string): string {
  if (body.length === 0) return '';
  let text: string | undefined;
  if (type.includes('protobuf')) text = statusMessage(body);
  else if (type.includes('json')) text = jsonMessage(body);
  text ??= new TextDecoder().decode(body.subarray(0, 200));
  return `: ${text
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 200)}`;
}

function jsonMessage(body: Uint8Array): string | undefined {
  try {
    const value = JSON.parse(new TextDecoder().decode(body)) as { message?: unknown };
    return typeof value.message === 'string' ? value.message : undefined;
  } catch {
    return undefined;
  }
}

function describe(error: Error, attempt: AbortSignal): string {
  if (attempt.aborted)
    return `aborted: ${String((attempt.reason as Error | undefined)?.message ?? attempt.reason)}`;
  return `${(error as NodeJS.ErrnoException).code ?? error.name}: ${error.message}`;
}

async function readBody(res: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    size += (chunk as Buffer).length;
    if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
