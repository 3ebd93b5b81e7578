import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { ExportQueue, type ExportQueueLimits } from './export-queue.js';

/** An exporter that records batches and answers when told to (to see what is in flight). */
function slowExporter() {
  const batches: number[] = [];
  const pending: (() => void)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const exporter: SpanExporter = {
    export(spans, done) {
      batches.push(spans.length);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      pending.push(() => {
        inFlight--;
        done({ code: ExportResultCode.SUCCESS });
      });
    },
    shutdown: async () => {},
  };
  const release = () => {
    for (const f of pending.splice(0)) f();
  };
  return { exporter, batches, release, maxInFlight: () => maxInFlight };
}

/** An exporter that never answers; `calls()` counts its export calls. */
function hungExporter() {
  let calls = 0;
  const exporter: SpanExporter = {
    export() {
      calls++;
    },
    shutdown: async () => {},
  };
  return { exporter, calls: () => calls };
}

const span = (error = false) => ({ status: { code: error ? 2 : 0 } }) as unknown as ReadableSpan;
const isError = (s: ReadableSpan) => s.status.code === 2;
const LIMITS: ExportQueueLimits = {
  maxQueueSize: 100,
  maxExportBatchSize: 10,
  scheduledDelayMillis: 60_000,
  exportTimeoutMillis: 1_000,
};

function counters() {
  const dropped = new Map<string, number>();
  let failures = 0;
  return {
    events: {
      dropped: (n: number, reason: string) => dropped.set(reason, (dropped.get(reason) ?? 0) + n),
      exportFailures: (n: number) => {
        failures += n;
      },
    },
    dropped,
    failures: () => failures,
  };
}

describe('ExportQueue', () => {
  it('exports full batches at once, one export in flight, and drains everything', async () => {
    const { exporter, batches, release, maxInFlight } = slowExporter();
    const queue = new ExportQueue(exporter, LIMITS, counters().events, isError);
    for (let i = 0; i < 35; i++) queue.add(span());
    queue.kick();
    await Promise.resolve();
    expect(batches).toEqual([10]);
    const drained = queue.drain();
    for (let i = 0; i < 10 && batches.length < 4; i++) {
      release();
      await new Promise((r) => setTimeout(r, 1));
    }
    release();
    await drained;
    expect(batches).toEqual([10, 10, 10, 5]);
    expect(maxInFlight()).toBe(1);
    expect(queue.size).toBe(0);
  });

  it('exports every span once, in order, while spans keep arriving between batches', async () => {
    const seen: ReadableSpan[] = [];
    const exporter: SpanExporter = {
      export(spans, done) {
        seen.push(...spans);
        setTimeout(() => done({ code: ExportResultCode.SUCCESS }), 1);
      },
      shutdown: async () => {},
    };
    const queue = new ExportQueue(exporter, { ...LIMITS, maxQueueSize: 10_000 }, counters().events, isError);
    const sent: ReadableSpan[] = [];
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 37; i++) {
        const s = span();
        sent.push(s);
        queue.add(s);
      }
      queue.kick();
      await new Promise((r) => setTimeout(r, 2));
    }
    await queue.drain();
    expect(queue.size).toBe(0);
    expect(seen.length).toBe(sent.length);
    expect(seen.every((s, i) => s === sent[i])).toBe(true);
  });

  it('waits scheduledDelayMillis for a partial batch', async () => {
    const { exporter, batches, release } = slowExporter();
    const queue = new ExportQueue(
      exporter,
      { ...LIMITS, scheduledDelayMillis: 20 },
      counters().events,
      isError,
    );
    queue.add(span());
    queue.kick();
    await new Promise((r) => setTimeout(r, 5));
    expect(batches).toEqual([]);
    await new Promise((r) => setTimeout(r, 40));
    expect(batches).toEqual([1]);
    release();
    await queue.drain();
  });

  it('drops ordinary spans past maxQueueSize and counts them; errors get in up to twice the size', async () => {
    const { exporter, release } = slowExporter();
    const c = counters();
    const queue = new ExportQueue(exporter, { ...LIMITS, maxQueueSize: 20 }, c.events, isError);
    for (let i = 0; i < 30; i++) queue.add(span());
    for (let i = 0; i < 30; i++) queue.add(span(true));
    expect(queue.size).toBe(40);
    expect(c.dropped.get('queue_full')).toBe(10);
    expect(c.dropped.get('queue_full_protected')).toBe(10);
    const drained = queue.drain();
    for (let i = 0; i < 20; i++) {
      release();
      await new Promise((r) => setTimeout(r, 1));
    }
    await drained;
  });

  it('counts failed, throwing and timed-out exports and goes on', async () => {
    const c = counters();
    let call = 0;
    const exporter: SpanExporter = {
      export(_spans, done) {
        call++;
        if (call === 1) done({ code: ExportResultCode.FAILED });
        else if (call === 2) throw new Error('boom');
        else if (call === 4) done({ code: ExportResultCode.SUCCESS });
        // call 3 never answers: the timeout counts it
      },
      shutdown: async () => {},
    };
    const queue = new ExportQueue(exporter, { ...LIMITS, exportTimeoutMillis: 20 }, c.events, isError);
    for (let i = 0; i < 40; i++) queue.add(span());
    await queue.drain();
    expect(call).toBe(4);
    expect(c.failures()).toBe(30);
  });

  it('admits every span while unbounded (a flush), and bounds the queue again after', () => {
    const c = counters();
    const queue = new ExportQueue(
      slowExporter().exporter,
      { ...LIMITS, maxQueueSize: 20 },
      c.events,
      isError,
    );
    queue.unbounded = true;
    for (let i = 0; i < 50; i++) queue.add(span());
    for (let i = 0; i < 50; i++) queue.add(span(true));
    expect(queue.size).toBe(100);
    queue.unbounded = false;
    queue.add(span());
    queue.add(span(true));
    expect(queue.size).toBe(100);
    expect(c.dropped.get('queue_full')).toBe(1);
    expect(c.dropped.get('queue_full_protected')).toBe(1);
  });

  it('drain stops at the first export of its own that times out; abandon counts what is left', async () => {
    const c = counters();
    const { exporter: hung, calls } = hungExporter();
    const queue = new ExportQueue(hung, { ...LIMITS, exportTimeoutMillis: 20 }, c.events, isError);
    for (let i = 0; i < 100; i++) queue.add(span());
    const start = Date.now();
    await queue.drain();
    // Ten batches would have waited 20 ms each; the next batch is already on its way (kick).
    expect(Date.now() - start).toBeLessThan(150);
    expect(calls()).toBeLessThanOrEqual(2);
    expect(c.failures()).toBe(10);
    const queued = queue.size;
    expect(queued).toBeGreaterThanOrEqual(80);
    queue.abandon();
    expect(queue.size).toBe(0);
    await new Promise((r) => setTimeout(r, 40));
    // The batch in flight at abandon times out and counts itself: every span counted once.
    expect(c.failures()).toBe(100);
  });

  it('flushes that keep giving up leave at most twice maxQueueSize queued; the rest is counted', async () => {
    const c = counters();
    const hung = hungExporter().exporter;
    const limits = { ...LIMITS, maxQueueSize: 10, exportTimeoutMillis: 20 };
    const queue = new ExportQueue(hung, limits, c.events, isError);
    for (let flush = 0; flush < 5; flush++) {
      queue.unbounded = true;
      for (let i = 0; i < 200; i++) queue.add(span(true));
      queue.unbounded = false;
      await queue.drain();
      expect(queue.size).toBeLessThanOrEqual(20);
    }
    queue.close();
    await queue.drain();
    queue.abandon();
    await new Promise((r) => setTimeout(r, 50));
    // Every span counted once: failed (timed out or abandoned) or dropped as the bounded queue drops.
    expect(c.failures() + (c.dropped.get('queue_full_protected') ?? 0)).toBe(1000);
    expect(c.dropped.get('queue_full')).toBeUndefined();
  });

  it('after a flush gives up, errors stay queued before other spans, as add admits them', async () => {
    const c = counters();
    const limits = { ...LIMITS, maxQueueSize: 10, exportTimeoutMillis: 20 };
    const { exporter, calls } = hungExporter();
    const queue = new ExportQueue(exporter, limits, c.events, isError);
    queue.unbounded = true;
    for (let i = 0; i < 100; i++) queue.add(span());
    for (let i = 0; i < 100; i++) queue.add(span(true));
    queue.unbounded = false;
    await queue.drain();
    // One batch of 10 plain spans went out and timed out; 20 errors were kept and no plain span, and the
    // queue exports on: 10 of the errors are in flight again.
    expect(calls()).toBe(2);
    expect(queue.size).toBe(10);
    expect(c.failures()).toBe(10);
    expect(c.dropped.get('queue_full')).toBe(90);
    expect(c.dropped.get('queue_full_protected')).toBe(80);
    for (let i = 0; i < 11; i++) queue.add(span(true));
    expect(queue.size).toBe(20);
    expect(c.dropped.get('queue_full_protected')).toBe(81);
  });

  it('drain gives up after exportTimeoutMillis in all when every export fails slowly', async () => {
    const c = counters();
    let calls = 0;
    const failing: SpanExporter = {
      export(_spans, done) {
        calls++;
        setTimeout(() => done({ code: ExportResultCode.FAILED }), 10);
      },
      shutdown: async () => {},
    };
    const queue = new ExportQueue(failing, { ...LIMITS, exportTimeoutMillis: 50 }, c.events, isError);
    queue.unbounded = true;
    for (let i = 0; i < 1000; i++) queue.add(span());
    queue.unbounded = false;
    const start = Date.now();
    await queue.drain();
    // 100 batches of 10 ms each would take a second; it stops once 50 ms have passed.
    expect(Date.now() - start).toBeLessThan(500);
    expect(calls).toBeLessThan(20);
    // Failed, still queued (within the queue's bounds) or dropped as the full queue drops; one batch may
    // be in flight again (the queue exports on after the flush).
    const counted = c.failures() + queue.size + (c.dropped.get('queue_full') ?? 0);
    expect(counted).toBeGreaterThanOrEqual(990);
    expect(queue.size).toBeLessThanOrEqual(100);
  });

  it('starts no export after close but those drain starts, so none outlives shutdown', async () => {
    const c = counters();
    const { exporter: hung, calls } = hungExporter();
    const queue = new ExportQueue(hung, { ...LIMITS, exportTimeoutMillis: 20 }, c.events, isError);
    for (let i = 0; i < 100; i++) queue.add(span());
    queue.close();
    await queue.drain();
    queue.abandon();
    const callsAtShutdown = calls();
    expect(c.failures()).toBe(100);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls()).toBe(callsAtShutdown);
    expect(c.failures()).toBe(100);
  });
});
