import type { ScannedRequest } from '../buffer/scanned-request.js';
import { BadRequestError, GatewayOverloadedError } from '../errors.js';
import type { AdmissionGate } from './admission-gate.js';
import { decodeJsonBody, decodeProtobufBody, type Ingest } from './ingest.js';
import type { ReceiverStats, Transport } from './receiver-stats.js';
import { RpcCode } from './rpc-status.js';

/** The body encodings OTLP defines. */
export type OtlpEncoding = 'protobuf' | 'json';

/** The outcome of one export request, independent of the transport. */
export type AcceptOutcome =
  | { readonly ok: true; readonly spans: number; readonly rejectedSpans: number; readonly message: string }
  | {
      readonly ok: false;
      readonly outcome: string;
      readonly httpStatus: number;
      readonly rpcCode: number;
      readonly message: string;
      readonly retryAfterSeconds?: number;
    };

/** A failed request's outcome. */
export type AcceptFailure = Extract<AcceptOutcome, { readonly ok: false }>;

/** What both receivers share: the flow, the admission gate, the counters. */
export interface ReceiverContext {
  readonly ingest: Ingest;
  readonly gate: AdmissionGate;
  readonly stats: ReceiverStats;
}

/**
 * Handles one export request body (already decompressed): admission, decoding, the write to the log.
 * Never throws: every failure becomes an outcome with the HTTP status and gRPC code to answer. The time
 * from `receivedAt` (`performance.now()` when the request arrived) to the outcome is recorded as the
 * request's ingest latency.
 */
export async function acceptRequest(
  context: ReceiverContext,
  transport: Transport,
  encoding: OtlpEncoding,
  body: Uint8Array,
  receivedAt: number,
): Promise<AcceptOutcome> {
  const outcome = await accept(context, transport, encoding, body);
  context.stats.observeIngest(transport, (performance.now() - receivedAt) / 1000);
  return outcome;
}

async function accept(
  context: ReceiverContext,
  transport: Transport,
  encoding: OtlpEncoding,
  body: Uint8Array,
): Promise<AcceptOutcome> {
  if (!context.gate.tryEnter(body.byteLength)) {
    context.stats.record(transport, 'overloaded_memory', 0);
    return overloaded('overloaded_memory', 429, RpcCode.RESOURCE_EXHAUSTED, 1, 'gateway memory is full');
  }
  let decoded: ScannedRequest | undefined;
  try {
    const source = transport === 'http' ? 'POST /v1/traces' : 'TraceService/Export';
    decoded = encoding === 'json' ? decodeJsonBody(body, source) : decodeProtobufBody(body, source);
    const result =
      decoded.count + decoded.invalid > 0
        ? await context.ingest.accept(decoded)
        : { accepted: 0, rejected: 0, message: '' };
    context.stats.record(transport, 'ok', result.accepted);
    if (result.rejected > 0) context.stats.record(transport, 'rejected', result.rejected, 0);
    return { ok: true, spans: result.accepted, rejectedSpans: result.rejected, message: result.message };
  } catch (error) {
    const outcome = failure(error);
    context.stats.record(transport, outcome.outcome, spansIn(decoded));
    return outcome;
  } finally {
    context.gate.leave(body.byteLength);
  }
}

function spansIn(request: ScannedRequest | undefined): number {
  return request === undefined ? 0 : request.count + request.invalid;
}

function failure(error: unknown): AcceptFailure {
  if (error instanceof BadRequestError) {
    return {
      ok: false,
      outcome: 'bad_request',
      httpStatus: 400,
      rpcCode: RpcCode.INVALID_ARGUMENT,
      message: error.message,
    };
  }
  if (error instanceof GatewayOverloadedError) {
    if (error.kind === 'memory')
      return overloaded(
        'overloaded_memory',
        429,
        RpcCode.RESOURCE_EXHAUSTED,
        error.retryAfterSeconds,
        error.message,
      );
    const outcome = error.kind === 'log' ? 'overloaded_log' : 'shutdown';
    return overloaded(outcome, 503, RpcCode.UNAVAILABLE, error.retryAfterSeconds, error.message);
  }
  const message = `internal error: ${error instanceof Error ? error.message : String(error)}`;
  return {
    ok: false,
    outcome: 'error',
    httpStatus: 503,
    rpcCode: RpcCode.UNAVAILABLE,
    message,
    retryAfterSeconds: 1,
  };
}

function overloaded(
  outcome: string,
  httpStatus: number,
  rpcCode: number,
  retryAfterSeconds: number,
  message: string,
): AcceptFailure {
  return { ok: false, outcome, httpStatus, rpcCode, message, retryAfterSeconds };
}
