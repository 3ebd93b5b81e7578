import { ROOT_CONTEXT, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { processorProvider } from '../test/provider.js';
import type { AutoscopeSpanProcessor } from './autoscope-span-processor.js';
import type { AutoscopeSpanProcessorOptions } from './processor/options.js';

function setup(options: Partial<AutoscopeSpanProcessorOptions>) {
  return processorProvider({ graceMs: 60_000, ...options });
}

/** `setup` with room for every span in the buffer but a 16-span export queue (the flush tests' processor). */
function smallQueue(options: Partial<AutoscopeSpanProcessorOptions>) {
  return setup({ maxBufferedSpans: 5000, maxQueueSize: 16, ...options });
}

function pair(tracer: Tracer, error: boolean): void {
  const root = tracer.startSpan('GET /orders');
  const child = tracer.startSpan('db.query', {}, trace.setSpan(ROOT_CONTEXT, root));
  if (error) {
    child.setStatus({ code: SpanStatusCode.ERROR });
    root.setStatus({ code: SpanStatusCode.ERROR });
  }
  child.end();
  root.end();
}

function dropped(processor: AutoscopeSpanProcessor, reason: string): number {
  const metric = processor.metrics.registry.get('autoscope_dropped_spans_total');
  if (metric?.type !== 'counter') return 0;
  return metric.get({ reason });
}

/** An exporter that answers at once (InMemorySpanExporter answers on a timer, one batch per timer turn). */
function syncExporter() {
  const spans: ReadableSpan[] = [];
  const exporter: SpanExporter & { getFinishedSpans(): ReadableSpan[] } = {
    export(batch, done) {
      spans.push(...batch);
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => {},
    getFinishedSpans: () => spans,
  };
  return exporter;
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** An exporter that never answers (`hang`), fails at once (`fail`) or fails after 10 ms (`fail-later`). */
function countingExporter(answer: 'hang' | 'fail' | 'fail-later') {
  let calls = 0;
  const exporter: SpanExporter = {
    export(_spans, done) {
      calls++;
      if (answer === 'fail') done({ code: ExportResultCode.FAILED });
      else if (answer === 'fail-later') setTimeout(() => done({ code: ExportResultCode.FAILED }), 10);
    },
    shutdown: async () => {},
  };
  return { exporter, calls: () => calls };
}

function exportFailures(processor: AutoscopeSpanProcessor): number {
  const metric = processor.metrics.registry.get('autoscope_export_failures_total');
  return metric?.type === 'counter' ? metric.get() : 0;
}

describe('AutoscopeSpanProcessor overflow and flush against a small export queue', () => {
  it('on overflow decides past the limit, and further only while the export queue is under half full', async () => {
    const exporter = syncExporter();
    // A sixteenth of 3,200 is 100 two-span traces: deciding them all in one run queued 200 error spans
    // where the queue takes 128 protected ones at most (dropped as queue_full_protected).
    const { processor, tracer } = setup({
      exporter,
      maxBufferedSpans: 3200,
      maxQueueSize: 64,
      maxExportBatchSize: 16, // a quarter of the queue, as the defaults (512 of 2048)
    });
    const traces = 6000;
    for (let i = 0; i < traces; i++) {
      pair(tracer, i % 2 === 0);
      expect(processor.bufferedSpans).toBeLessThanOrEqual(3200);
      // Spans end across event-loop turns, as in a server: the queue exports in between.
      if (i % 8 === 0) await turn();
    }
    expect(dropped(processor, 'queue_full_protected')).toBe(0);
    expect(dropped(processor, 'queue_full')).toBe(0);
    await processor.forceFlush();
    const spans = exporter.getFinishedSpans();
    expect(spans.filter((s) => s.status.code === SpanStatusCode.ERROR)).toHaveLength(traces);
    expect(spans.filter((s) => s.name === 'GET /orders')).toHaveLength(traces);
  });

  it('forceFlush exports every kept span, however many are buffered against maxQueueSize', async () => {
    const exporter = new InMemorySpanExporter();
    const { processor, tracer } = smallQueue({ exporter });
    for (let i = 0; i < 1000; i++) pair(tracer, i % 2 === 0);
    expect(processor.bufferedSpans).toBe(2000);
    await processor.forceFlush();
    const spans = exporter.getFinishedSpans();
    expect(spans.filter((s) => s.status.code === SpanStatusCode.ERROR)).toHaveLength(1000);
    expect(spans.filter((s) => s.name === 'GET /orders')).toHaveLength(1000);
    expect(dropped(processor, 'queue_full')).toBe(0);
    expect(dropped(processor, 'queue_full_protected')).toBe(0);
  });

  it('shutdown exports every kept span too', async () => {
    const exporter = new InMemorySpanExporter();
    const seen: string[] = [];
    const original = exporter.export.bind(exporter);
    exporter.export = (spans, done) => {
      for (const s of spans) seen.push(s.name);
      original(spans, done);
    };
    const { processor, tracer } = smallQueue({ exporter });
    for (let i = 0; i < 500; i++) pair(tracer, true);
    await processor.shutdown();
    expect(seen).toHaveLength(1000);
    expect(dropped(processor, 'queue_full_protected')).toBe(0);
  });

  it('forceFlush and shutdown give up after an export times out, counting what was not exported', async () => {
    const { exporter: hung, calls } = countingExporter('hang');
    const { processor, tracer } = smallQueue({
      exporter: hung,
      maxExportBatchSize: 8,
      exportTimeoutMillis: 30,
    });
    for (let i = 0; i < 400; i++) pair(tracer, true);
    const start = Date.now();
    await processor.forceFlush();
    // 800 error spans in batches of 8 would be 100 timeouts of 30 ms one after the other.
    expect(Date.now() - start).toBeLessThan(1000);
    expect(calls()).toBeLessThan(10);
    await processor.shutdown();
    expect(Date.now() - start).toBeLessThan(2000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Every error span is accounted for once: exported (none here), counted as an export failure, or,
    // past what the bounded queue holds after the flush gave up, dropped as the full queue drops.
    const failed = exportFailures(processor);
    expect(failed + dropped(processor, 'queue_full_protected')).toBe(800);
    expect(failed).toBeGreaterThanOrEqual(2 * 16);
  });

  it('a failing exporter does not stop the flush: every batch is tried', async () => {
    const { exporter: failing, calls } = countingExporter('fail');
    const { processor, tracer } = smallQueue({
      exporter: failing,
      maxExportBatchSize: 8,
    });
    for (let i = 0; i < 400; i++) pair(tracer, true);
    await processor.forceFlush();
    expect(calls()).toBe(100);
  });

  it('a decision that throws loses nothing: that trace is exported whole and counted', async () => {
    const exporter = syncExporter();
    const { processor, tracer } = smallQueue({ exporter });
    for (let i = 0; i < 10; i++) pair(tracer, true);
    const decider = (processor as unknown as { decider: { decide: (...args: unknown[]) => unknown } })
      .decider;
    const decide = decider.decide.bind(decider);
    let calls = 0;
    decider.decide = (...args: unknown[]) => {
      if (++calls === 3) throw new Error('a bug');
      return decide(...args);
    };
    await processor.forceFlush();
    expect(exporter.getFinishedSpans()).toHaveLength(20);
    const errors = processor.metrics.registry.get('autoscope_decision_errors_total');
    expect(errors?.type === 'counter' && errors.get()).toBe(1);
    const sampled = processor.metrics.registry.get('autoscope_sampled_spans_total');
    expect(sampled?.type === 'counter' && sampled.get()).toBe(20);
  });

  it('a decision that throws half way through its output exports that trace once, whole', async () => {
    const exporter = syncExporter();
    const { processor, tracer } = smallQueue({ exporter });
    for (let i = 0; i < 10; i++) pair(tracer, true);
    const collector = (processor as unknown as { decider: { collector: { add: (...a: unknown[]) => void } } })
      .decider.collector;
    const add = collector.add.bind(collector);
    let calls = 0;
    collector.add = (...args: unknown[]) => {
      add(...args);
      if (++calls === 1) throw new Error('a bug after the first span was collected');
    };
    await processor.forceFlush();
    const ids = exporter.getFinishedSpans().map((s) => s.spanContext().spanId);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    const errors = processor.metrics.registry.get('autoscope_decision_errors_total');
    expect(errors?.type === 'counter' && errors.get()).toBe(1);
  });

  it('a flush asked for during shutdown is that shutdown: nothing exported or counted after it resolves', async () => {
    const { exporter: failing, calls } = countingExporter('fail-later');
    const { processor, tracer } = smallQueue({
      exporter: failing,
      maxExportBatchSize: 8,
      exportTimeoutMillis: 50,
    });
    for (let i = 0; i < 200; i++) pair(tracer, true);
    const shutdown = processor.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 25));
    const flush = processor.forceFlush();
    await shutdown;
    const callsAtShutdown = calls();
    const counted = exportFailures(processor) + dropped(processor, 'queue_full_protected');
    expect(counted).toBe(400);
    await flush;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(calls()).toBe(callsAtShutdown);
    expect(exportFailures(processor) + dropped(processor, 'queue_full_protected')).toBe(400);
  });
});
