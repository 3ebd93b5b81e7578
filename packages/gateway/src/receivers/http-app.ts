import { timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { encodeExportResponse, encodeExportResponseJson } from '@autoscope/otlp';
import {
  type AcceptOutcome,
  acceptRequest,
  type OtlpEncoding,
  type ReceiverContext,
} from './accept-request.js';
import { encodeRpcStatus, RpcCode } from './rpc-status.js';

const gunzipAsync = promisify(gunzip);

/** An HTTP request as the app sees it: the body is read in full (within the size limit) by the listener. */
export interface HttpRequestIn {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Uint8Array;
  /** When the request arrived (`performance.now()`, before its body was read); default: when handled. */
  readonly receivedAt?: number;
}

/** The app's answer. */
export interface HttpResponseOut {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** Options of the OTLP/HTTP app. */
export interface OtlpHttpAppOptions {
  /** Required `Authorization: Bearer <token>`; empty for none. */
  readonly bearerToken: string;
  /** Largest body accepted, compressed and decompressed. */
  readonly maxRequestBytes: number;
}

/** The OTLP/HTTP app: `POST /v1/traces` in protobuf or JSON, gzip or not. */
export type OtlpHttpApp = (request: HttpRequestIn) => Promise<HttpResponseOut>;

/**
 * Creates the OTLP/HTTP receiver app (request in, response out; the listener is separate). Answers in the
 * request's encoding: an `ExportTraceServiceResponse` on success, a `google.rpc.Status` on failure.
 */
export function createOtlpHttpApp(context: ReceiverContext, options: OtlpHttpAppOptions): OtlpHttpApp {
  const token = options.bearerToken === '' ? undefined : Buffer.from(`Bearer ${options.bearerToken}`);
  return async (request) => {
    const receivedAt = request.receivedAt ?? performance.now();
    const encoding = encodingOf(header(request, 'content-type'));
    const reply = (outcome: AcceptOutcome) => respond(encoding ?? 'protobuf', outcome);
    const early = precheck(request, encoding, token);
    if (early !== undefined) {
      context.stats.record('http', early.ok ? 'ok' : early.outcome, 0);
      return reply(early);
    }
    const body = await decompress(request, options.maxRequestBytes);
    if (!(body instanceof Uint8Array)) {
      context.stats.record('http', body.ok ? 'ok' : body.outcome, 0);
      return reply(body);
    }
    return reply(await acceptRequest(context, 'http', encoding as OtlpEncoding, body, receivedAt));
  };
}

function precheck(
  request: HttpRequestIn,
  encoding: OtlpEncoding | undefined,
  token: Buffer | undefined,
): AcceptOutcome | undefined {
  if (request.path !== '/v1/traces')
    return fail('not_found', 404, RpcCode.UNIMPLEMENTED, `no route ${request.path}`);
  if (request.method !== 'POST') return fail('unsupported', 405, RpcCode.UNIMPLEMENTED, 'use POST');
  if (token !== undefined && !sameSecret(header(request, 'authorization'), token))
    return fail('unauthenticated', 401, RpcCode.UNAUTHENTICATED, 'missing or wrong bearer token');
  if (encoding === undefined)
    return fail(
      'unsupported',
      415,
      RpcCode.INVALID_ARGUMENT,
      'use application/x-protobuf or application/json',
    );
  return undefined;
}

async function decompress(request: HttpRequestIn, maxBytes: number): Promise<Uint8Array | AcceptOutcome> {
  const coding = (header(request, 'content-encoding') ?? 'identity').trim().toLowerCase();
  if (coding === 'identity' || coding === '') return request.body;
  if (coding !== 'gzip')
    return fail('unsupported', 415, RpcCode.INVALID_ARGUMENT, `unsupported content-encoding ${coding}`);
  try {
    return await gunzipAsync(request.body, { maxOutputLength: maxBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE')
      return fail('too_large', 413, RpcCode.RESOURCE_EXHAUSTED, `decompressed body over ${maxBytes} bytes`);
    return fail(
      'bad_request',
      400,
      RpcCode.INVALID_ARGUMENT,
      `invalid gzip body: ${(error as Error).message}`,
    );
  }
}

function respond(encoding: OtlpEncoding, outcome: AcceptOutcome): HttpResponseOut {
  const contentType = encoding === 'json' ? 'application/json' : 'application/x-protobuf';
  if (outcome.ok) {
    const result = { rejectedSpans: outcome.rejectedSpans, errorMessage: outcome.message };
    const body =
      encoding === 'json'
        ? Buffer.from(JSON.stringify(encodeExportResponseJson(result)))
        : encodeExportResponse(result);
    return { status: 200, headers: { 'content-type': contentType }, body };
  }
  const headers: Record<string, string> = { 'content-type': contentType };
  if (outcome.retryAfterSeconds !== undefined) headers['retry-after'] = String(outcome.retryAfterSeconds);
  const body =
    encoding === 'json'
      ? Buffer.from(JSON.stringify({ code: outcome.rpcCode, message: outcome.message }))
      : encodeRpcStatus(outcome.rpcCode, outcome.message);
  return { status: outcome.httpStatus, headers, body };
}

/** An error outcome that is not about the body's content. */
export function fail(outcome: string, httpStatus: number, rpcCode: number, message: string): AcceptOutcome {
  return { ok: false, outcome, httpStatus, rpcCode, message };
}

function encodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function header(request: HttpRequestIn, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function sameSecret(given: string | undefined, expected: Buffer): boolean {
  if (given === undefined) return false;
  const bytes = Buffer.from(given);
  return bytes.length === expected.length && timingSafeEqual(bytes, expected);
}
