import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { encodeExportResponse } from '@autoscope/otlp';
import {
  Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type ServiceError,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { type AcceptOutcome, acceptRequest, type ReceiverContext } from './accept-request.js';
import type { TlsFiles } from './http-listener.js';
import { encodeStatusWithRetryInfo } from './retry-info.js';

/** Options of the OTLP/gRPC receiver. */
export interface GrpcReceiverOptions {
  readonly host: string;
  readonly port: number;
  readonly maxRequestBytes: number;
  readonly bearerToken: string;
  readonly tls: TlsFiles;
}

/** A bound gRPC receiver. */
export interface GrpcReceiver {
  readonly port: number;
  /** Stops accepting calls, lets calls in progress finish (for at most `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/** The OTLP TraceService with our own codecs as (de)serializers: no .proto files are loaded. */
const TRACE_SERVICE: ServiceDefinition = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: (value: Uint8Array) => Buffer.from(value),
    requestDeserialize: (bytes: Buffer) => bytes,
    responseSerialize: (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
    responseDeserialize: (bytes: Buffer) => bytes,
  },
};

/** Starts the OTLP/gRPC receiver (`TraceService/Export`) on `host:port`. */
export async function listenGrpc(
  context: ReceiverContext,
  options: GrpcReceiverOptions,
): Promise<GrpcReceiver> {
  const server = new Server({
    'grpc.max_receive_message_length': options.maxRequestBytes,
    'grpc.max_send_message_length': 1 << 20,
  });
  const token = options.bearerToken === '' ? undefined : Buffer.from(`Bearer ${options.bearerToken}`);
  server.addService(TRACE_SERVICE, {
    Export: (call: ServerUnaryCall<Buffer, Uint8Array>, callback: sendUnaryData<Uint8Array>) => {
      if (token !== undefined && !authorized(call.metadata, token)) {
        context.stats.record('grpc', 'unauthenticated', 0);
        callback(serviceError(status.UNAUTHENTICATED, 'missing or wrong bearer token'));
        return;
      }
      void acceptRequest(context, 'grpc', 'protobuf', call.request, performance.now()).then((outcome) =>
        answer(outcome, callback),
      );
    },
  });
  const port = await bind(server, `${options.host}:${options.port}`, credentials(options.tls));
  return { port, close: (graceMs = 5000) => shutdown(server, graceMs) };
}

function answer(outcome: AcceptOutcome, callback: sendUnaryData<Uint8Array>): void {
  if (outcome.ok) {
    callback(
      null,
      encodeExportResponse({ rejectedSpans: outcome.rejectedSpans, errorMessage: outcome.message }),
    );
    return;
  }
  const error = serviceError(outcome.rpcCode, outcome.message);
  if (outcome.retryAfterSeconds !== undefined) {
    const details = encodeStatusWithRetryInfo(outcome.rpcCode, outcome.message, outcome.retryAfterSeconds);
    error.metadata.set('grpc-status-details-bin', Buffer.from(details));
  }
  callback(error);
}

function serviceError(code: number, details: string): Partial<ServiceError> & { metadata: Metadata } {
  return { code, details, message: details, metadata: new Metadata() };
}

function authorized(metadata: Metadata, token: Buffer): boolean {
  const given = metadata.get('authorization')[0];
  if (typeof given !== 'string') return false;
  const bytes = Buffer.from(given);
  return bytes.length === token.length && timingSafeEqual(bytes, token);
}

function credentials(tls: TlsFiles): ServerCredentials {
  if (tls.certFile === '') return ServerCredentials.createInsecure();
  const pair = { cert_chain: readFileSync(tls.certFile), private_key: readFileSync(tls.keyFile) };
  return ServerCredentials.createSsl(null, [pair], false);
}

function bind(server: Server, address: string, creds: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, creds, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

function shutdown(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
