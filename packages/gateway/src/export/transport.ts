/**
 * The contract between the queueing/retrying part shared by every exporter (`Delivery`) and the part that
 * moves bytes (HTTP, gRPC, file). A transport makes single attempts and never rejects: every failure is
 * an outcome that says whether retrying can help.
 */
import type { ExportResult } from '@autoscope/otlp';

/** The result of one attempt. */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly result: ExportResult }
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs?: number | undefined }
  | { readonly kind: 'failed'; readonly status: number; readonly reason: string };

/** Moves one encoded `ExportTraceServiceRequest` downstream. */
export interface Transport {
  /** What the transport is, for messages: `otlp-http http://host:4318/v1/traces`. */
  readonly name: string;
  /** Prepares the request once for all attempts (compression, re-encoding). */
  prepare(request: Uint8Array): Promise<Uint8Array>;
  /** One attempt; `signal` aborts it (shutdown). Never rejects. */
  send(body: Uint8Array, signal: AbortSignal): Promise<SendOutcome>;
  /** Releases connections and files. */
  close(): Promise<void>;
}
