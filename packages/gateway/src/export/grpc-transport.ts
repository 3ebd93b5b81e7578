/**
 * OTLP/gRPC: a unary call of `opentelemetry.proto.collector.trace.v1.TraceService/Export` through a
 * generic grpc-js client, with our protobuf codec as the (identity) serializer: no .proto loading.
 * Retryable statuses follow the OTLP specification, plus RESOURCE_EXHAUSTED (the gateway's own overload
 * answer); a RetryInfo detail in the status sets the delay.
 */

import { decodeExportResponse, type ExportResult } from '@autoscope/otlp';
import { type ChannelOptions, Client, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { statusRetryDelayMs } from './rpc-status.js';
import type { SendOutcome, Transport } from './transport.js';

/** The full method path of the OTLP trace export. */
export const TRACE_EXPORT_METHOD = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

const RETRYABLE: ReadonlySet<number> = new Set([
  status.CANCELLED,
  status.DEADLINE_EXCEEDED,
  status.RESOURCE_EXHAUSTED,
  status.ABORTED,
  status.OUT_OF_RANGE,
  status.UNAVAILABLE,
  status.DATA_LOSS,
]);

/** Where and how a `GrpcTransport` calls. */
export interface GrpcTransportOptions {
  /** `http://host:port` (plaintext), `https://host:port` (TLS) or `host:port` (plaintext). */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly compression: 'gzip' | 'none';
  readonly timeoutMs: number;
}

const identity = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Calls TraceService/Export. */
export class GrpcTransport implements Transport {
  readonly name: string;
  private readonly client: Client;
  private readonly metadata = new Metadata();

  constructor(private readonly options: GrpcTransportOptions) {
    const { target, secure } = grpcTarget(options.url);
    this.name = `otlp-grpc ${options.url}`;
    const channel: ChannelOptions = {
      'grpc.default_compression_algorithm': options.compression === 'gzip' ? 2 : 0,
    };
    const creds = secure ? credentials.createSsl() : credentials.createInsecure();
    this.client = new Client(target, creds, channel);
    for (const [key, value] of Object.entries(options.headers)) this.metadata.set(key.toLowerCase(), value);
  }

  async prepare(request: Uint8Array): Promise<Uint8Array> {
    return request;
  }

  send(body: Uint8Array, signal: AbortSignal): Promise<SendOutcome> {
    return new Promise((resolve) => {
      const deadline = Date.now() + this.options.timeoutMs;
      const call = this.client.makeUnaryRequest<Uint8Array, Buffer>(
        TRACE_EXPORT_METHOD,
        identity,
        (bytes: Buffer) => bytes,
        body,
        this.metadata,
        { deadline },
        (error, response) => {
          signal.removeEventListener('abort', cancel);
          resolve(error !== null ? classify(error) : { kind: 'sent', result: readResponse(response) });
        },
      );
      const cancel = () => call.cancel();
      signal.addEventListener('abort', cancel, { once: true });
    });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}

function classify(error: ServiceError): SendOutcome {
  const reason = `gRPC ${status[error.code] ?? error.code}: ${error.details}`;
  if (!RETRYABLE.has(error.code)) return { kind: 'failed', status: error.code, reason };
  const details = error.metadata?.get('grpc-status-details-bin')[0];
  const retryAfterMs = details instanceof Buffer ? statusRetryDelayMs(details) : undefined;
  return { kind: 'retry', reason, retryAfterMs };
}

function readResponse(response: Buffer | undefined): ExportResult {
  try {
    return decodeExportResponse(response ?? new Uint8Array(0));
  } catch {
    return { rejectedSpans: 0, errorMessage: '' };
  }
}

/** The grpc-js target and whether to use TLS, from `http(s)://host:port` or `host:port`. */
export function grpcTarget(url: string): { target: string; secure: boolean } {
  const match = /^(https?):\/\/([^/]+)\/?$/.exec(url);
  if (match === null) return { target: url, secure: false };
  return { target: match[2] as string, secure: match[1] === 'https' };
}
