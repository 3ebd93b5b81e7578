import { type CompletedTrace, SamplingPipeline } from '@autoscope/core';
import { encodeTraceRequest } from '@autoscope/otlp';
import { describe, expect, it } from 'vitest';
import { makeTraces } from '../../test/helpers/raw-spans.js';
import { HeldRecords } from '../buffer/held-records.js';
import { scanTraceRequest } from '../buffer/scan-request.js';
import { Admission, TraceBuffer } from '../buffer/trace-buffer.js';
import type { TraceExporter } from '../contracts.js';
import { silentLogger } from '../logging/logger.js';
import { KeepAllStrategy } from '../sampling/keep-all-strategy.js';
import { ExportBatcher } from './export-batcher.js';
import { newFlowCounters } from './flow-counters.js';
import { MemorySpanLog } from './memory-span-log.js';
import { DECIDE_SLICE_SPANS, TraceDecider } from './trace-decider.js';

function setup() {
  const log = new MemorySpanLog(2 ** 30);
  const records = new HeldRecords(log);
  const assembler = new TraceBuffer({
    idle: 1,
    maxWait: 10,
    maxSpans: 1e6,
    decidedCacheSize: 100,
    maxSpansPerTrace: 1e6,
  });
  const exported: number[] = [];
  const exporter: TraceExporter = {
    queuedBytes: 0,
    export: async (_request, spans) => void exported.push(spans),
    shutdown: async () => {},
  };
  const settled: number[] = [];
  const batcher = new ExportBatcher(exporter, 1e6, {
    settled: (input) => {
      settled.push(input.length);
      records.settle(input);
    },
    failed: () => {},
  });
  const pipeline = new SamplingPipeline(new KeepAllStrategy(), { structure: 'reparent', annotate: false });
  const counters = newFlowCounters();
  const decider = new TraceDecider({
    records,
    assembler,
    batcher,
    counters,
    logger: silentLogger,
    pipeline: () => pipeline,
  });
  return { log, records, assembler, batcher, pipeline, decider, settled, counters };
}

describe('TraceDecider', () => {
  it('decides queued traces a slice at a time, yielding in between, and loses nothing', async () => {
    const { log, records, assembler, batcher, pipeline, decider, settled } = setup();
    const perTrace = Math.ceil(DECIDE_SLICE_SPANS * 0.6);
    const spans = makeTraces(3, perTrace).flat();
    const request = scanTraceRequest(encodeTraceRequest(spans), 'test');
    const seq = await log.append(request.bytes);
    assembler.add(request, records.hold(seq, request), 0);
    decider.enqueue(assembler.poll(5));
    // 0.6 + 0.6 of a slice reach its size: two traces now, the third after a yield.
    expect(pipeline.summary.traces).toBe(2);
    expect(decider.pendingSpans).toBe(perTrace);
    await new Promise((resolve) => setImmediate(resolve));
    expect(pipeline.summary.traces).toBe(3);
    expect(decider.pendingSpans).toBe(0);
    batcher.flush();
    await batcher.drain();
    expect(settled.reduce((a, b) => a + b, 0)).toBe(spans.length);
    expect(records.heldRecords).toBe(0);
    expect(log.usedBytes).toBe(0);
  });

  it('decides everything at once on drainNow (shutdown)', async () => {
    const { log, records, assembler, pipeline, decider } = setup();
    const spans = makeTraces(4, DECIDE_SLICE_SPANS).flat();
    const request = scanTraceRequest(encodeTraceRequest(spans), 'test');
    assembler.add(request, records.hold(await log.append(request.bytes), request), 0);
    decider.enqueue(assembler.poll(5));
    expect(pipeline.summary.traces).toBe(1);
    decider.drainNow();
    expect(pipeline.summary.traces).toBe(4);
    expect(pipeline.summary.spansOut).toBe(spans.length);
  });

  it('counts undecodable spans and does not mark their trace dropped', async () => {
    const { log, records, assembler, batcher, decider, counters, settled } = setup();
    const [first, second] = makeTraces(2, 1);
    const bytes = encodeTraceRequest([...first!, ...second!]);
    const request = scanTraceRequest(bytes, 'test');
    // Break the first span's name (invalid UTF-8) after the scan: a gap between scan and decoder.
    bytes[Buffer.from(bytes).indexOf(Buffer.from('GET /orders')) + 1] = 0xff;
    assembler.add(request, records.hold(await log.append(bytes), request), 0);
    decider.enqueue(assembler.poll(5));
    expect(counters.undecodableSpans).toBe(1);
    batcher.flush();
    await batcher.drain();
    expect(settled.reduce((a, b) => a + b, 0)).toBe(2);
    expect(records.heldRecords).toBe(0);
    // Later spans of the trace whose span was lost are still admitted (not rejected as trace_dropped).
    const later = scanTraceRequest(encodeTraceRequest(first!), 'test');
    expect([...assembler.admit(later)]).toEqual([Admission.OK]);
  });

  it('decides late spans of a trace still queued after the trace itself', async () => {
    const { log, records, assembler, decider, pipeline } = setup();
    const decisions: string[] = [];
    const process = pipeline.process.bind(pipeline);
    const processLate = pipeline.processLate.bind(pipeline);
    pipeline.process = (t: CompletedTrace) => {
      decisions.push(`${t.traceId}:${t.spans.length}`);
      return process(t);
    };
    pipeline.processLate = (t: CompletedTrace) => {
      decisions.push(`${t.traceId}:${t.spans.length} late`);
      return processLate(t);
    };
    const load = async (spans: Parameters<typeof encodeTraceRequest>[0], now: number) => {
      const request = scanTraceRequest(encodeTraceRequest(spans), 'test');
      decider.decide(assembler.add(request, records.hold(await log.append(request.bytes), request), now));
    };
    // Trace a fills more than a slice; b completes at the same tick and waits in the queue behind it.
    const a = makeTraces(1, DECIDE_SLICE_SPANS + 10)[0]!;
    const b = makeTraces(1, 4)[0]!;
    await load(a, 0);
    await load(b.slice(0, 3), 0);
    decider.enqueue(assembler.poll(5));
    expect(decisions).toEqual([`${a[0]!.traceId}:${a.length}`]);
    await load([b[3]!], 6); // b's last span arrives while b is queued
    expect(decisions).toHaveLength(1);
    for (let i = 0; i < 3 && decider.pendingSpans > 0; i++) await new Promise((r) => setImmediate(r));
    expect(decisions.slice(1)).toEqual([`${b[0]!.traceId}:3`, `${b[0]!.traceId}:1 late`]);
  });
});
