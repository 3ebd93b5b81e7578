import { scanTraceRequest } from '../buffer/scan-request.js';
import type { ScannedRequest } from '../buffer/scanned-request.js';
import { Admission } from '../buffer/trace-buffer.js';
import { writeSubRequest } from '../buffer/write-request.js';

/** A request after admission: what goes to the log, and what was rejected inside it (partial success). */
export interface AdmittedRequest {
  /** The spans to log: the scanned request itself, or a copy holding only the admitted spans. */
  readonly request: ScannedRequest;
  /** Every span rejected, with the reasons in one message ('' when none). */
  readonly rejected: number;
  readonly message: string;
  readonly invalid: number;
  readonly overTraceLimit: number;
  readonly traceDropped: number;
}

/**
 * Applies admission verdicts (an `Admission` value per valid span) to a scanned request. When a span is
 * turned away, the request is rewritten without it, so the log holds exactly the acknowledged spans.
 */
export function admitRequest(scanned: ScannedRequest, verdicts: Uint8Array): AdmittedRequest {
  let overTraceLimit = 0;
  let traceDropped = 0;
  for (const verdict of verdicts) {
    if (verdict === Admission.OVER_TRACE_LIMIT) overTraceLimit++;
    else if (verdict === Admission.TRACE_DROPPED) traceDropped++;
  }
  const counts = { invalid: scanned.invalid, overTraceLimit, traceDropped };
  const message = rejectionMessage(scanned, counts);
  const rejected = scanned.invalid + overTraceLimit + traceDropped;
  if (overTraceLimit + traceDropped === 0) return { request: scanned, rejected, message, ...counts };
  const kept: number[] = [];
  for (let i = 0; i < verdicts.length; i++) if (verdicts[i] === Admission.OK) kept.push(i);
  const request =
    kept.length === 0 ? EMPTY : scanTraceRequest(writeSubRequest(scanned, kept), 'admitted request');
  return { request, rejected, message, ...counts };
}

const EMPTY: ScannedRequest = scanTraceRequest(new Uint8Array(0), 'empty request');

function rejectionMessage(
  scanned: ScannedRequest,
  counts: { invalid: number; overTraceLimit: number; traceDropped: number },
): string {
  const parts: string[] = [];
  if (counts.invalid > 0) parts.push(`${counts.invalid} with invalid ids (first: ${scanned.invalidReason})`);
  if (counts.overTraceLimit > 0) parts.push(`${counts.overTraceLimit} over the per-trace span limit`);
  if (counts.traceDropped > 0)
    parts.push(`${counts.traceDropped} late for a trace already decided with nothing kept`);
  return parts.length === 0 ? '' : `rejected spans: ${parts.join('; ')}`;
}
