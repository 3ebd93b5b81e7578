import { makeSpan, type Span } from '@autoscope/core';
import {
  decodeExportResponse,
  decodeExportResponseJson,
  encodeTraceRequest,
  encodeTraceRequestJson,
} from '@autoscope/otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gateway } from '../src/index.js';
import { testConfig, waitFor } from './helpers/config.js';
import { type Downstream, startDownstream } from './helpers/downstream.js';
import { FetchExporter } from './helpers/fetch-exporter.js';
import { grpcExportRaw, makeTraces } from './helpers/raw-spans.js';

const LIMIT = 6;
let gateway: Gateway;
let downstream: Downstream;

beforeAll(async () => {
  downstream = await startDownstream();
  gateway = await Gateway.start(
    testConfig({ 'assembly.maxSpansPerTrace': String(LIMIT), 'assembly.decisionWaitMs': '200' }),
    { exporter: new FetchExporter(downstream.url) },
  );
});

afterAll(async () => {
  await gateway.stop();
  await downstream.close();
});

/**
 * A request of `good` valid spans (traces of 3), two spans with all-zero trace / span ids, and one trace
 * of LIMIT + 4 spans, 4 over the per-trace limit: 6 rejected in all.
 */
function mixedRequest(): { spans: Span[]; rejected: number; accepted: Set<string> } {
  const good = makeTraces(4, 3).flat();
  const big = makeTraces(1, LIMIT + 4).flat();
  const zeroTrace = makeSpan({ ...good[1]!, spanId: 'aaaaaaaaaaaaaaa1', traceId: '0'.repeat(32) });
  const zeroSpan = makeSpan({ ...good[2]!, spanId: '0'.repeat(16) });
  const spans = [...good, zeroTrace, zeroSpan, ...big];
  const accepted = new Set([...good, ...big.slice(0, LIMIT)].map((s) => s.spanId));
  return { spans, rejected: 6, accepted };
}

async function postHttp(
  body: Uint8Array | string,
  type: string,
): Promise<{ status: number; body: Uint8Array }> {
  const response = await fetch(`http://127.0.0.1:${gateway.ports.http}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });
  return { status: response.status, body: new Uint8Array(await response.arrayBuffer()) };
}

async function grpcExport(body: Uint8Array): Promise<Uint8Array> {
  const { error, response } = await grpcExportRaw(gateway.ports.grpc!, body);
  if (error !== null) throw error;
  return response!;
}

/** Waits until every accepted span of `accepted` reached the downstream, and checks nothing else did. */
async function expectExportedExactly(accepted: Set<string>): Promise<void> {
  const seen = () => [...accepted].filter((id) => downstream.counts.has(id)).length;
  await waitFor(() => seen() === accepted.size, 10_000, 'export');
  await waitFor(() => gateway.flow.state().heldRecords === 0, 10_000, 'release');
  for (const id of accepted) expect(downstream.counts.get(id)).toBe(1);
  expect(downstream.counts.has('0'.repeat(16))).toBe(false);
  expect(downstream.counts.has('aaaaaaaaaaaaaaa1')).toBe(false);
}

describe('OTLP partial success', () => {
  it('HTTP protobuf: rejected spans are counted with a reason; sent = exported + rejected', async () => {
    const { spans, rejected, accepted } = mixedRequest();
    const exportedBefore = gateway.flow.counters.exportedSpans;
    const response = await postHttp(encodeTraceRequest(spans), 'application/x-protobuf');
    expect(response.status).toBe(200);
    const result = decodeExportResponse(response.body);
    expect(result.rejectedSpans).toBe(rejected);
    expect(result.errorMessage).toContain('2 with invalid ids');
    expect(result.errorMessage).toContain('4 over the per-trace span limit');
    await expectExportedExactly(accepted);
    expect(gateway.flow.counters.exportedSpans - exportedBefore).toBe(spans.length - rejected);
    expect(gateway.flow.counters.rejectedSpans.invalid).toBeGreaterThanOrEqual(2);
    const metrics = gateway.metrics();
    expect(metrics).toMatch(/autoscope_gateway_rejected_spans_total\{reason="trace_limit"\} [1-9]/);
    // Receive-to-acknowledge latency of every request, by transport.
    expect(metrics).toMatch(/autoscope_gateway_ingest_seconds_count\{transport="http"\} [1-9]/);
    expect(metrics).toMatch(/autoscope_gateway_ingest_seconds_bucket\{transport="http",le="\+Inf"\} [1-9]/);
  });

  it('HTTP JSON: same accounting', async () => {
    const { spans, rejected, accepted } = mixedRequest();
    const response = await postHttp(JSON.stringify(encodeTraceRequestJson(spans)), 'application/json');
    expect(response.status).toBe(200);
    const result = decodeExportResponseJson(JSON.parse(Buffer.from(response.body).toString('utf8')));
    expect(result.rejectedSpans).toBe(rejected);
    expect(result.errorMessage).toContain('over the per-trace span limit');
    await expectExportedExactly(accepted);
  });

  it('gRPC: same accounting', async () => {
    const { spans, rejected, accepted } = mixedRequest();
    const result = decodeExportResponse(await grpcExport(encodeTraceRequest(spans)));
    expect(result.rejectedSpans).toBe(rejected);
    expect(result.errorMessage).toContain('invalid ids');
    await expectExportedExactly(accepted);
  });

  it('a request of only rejected spans is still a success with partial_success', async () => {
    const bad = makeSpan({ ...makeTraces(1, 1)[0]![0]!, traceId: '0'.repeat(32) });
    const result = decodeExportResponse(await grpcExport(encodeTraceRequest([bad])));
    expect(result).toEqual({ rejectedSpans: 1, errorMessage: expect.stringContaining('trace_id') });
  });

  it('a fully accepted request has no partial_success', async () => {
    const response = await postHttp(encodeTraceRequest(makeTraces(2, 2).flat()), 'application/x-protobuf');
    expect(decodeExportResponse(response.body)).toEqual({ rejectedSpans: 0, errorMessage: '' });
  });
});
