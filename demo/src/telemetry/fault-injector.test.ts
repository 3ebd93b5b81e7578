import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { FaultInjector } from './fault-injector.js';

const at = (ms: number) => [Math.floor(ms / 1000), (ms % 1000) * 1_000_000] as [number, number];

function fakeSpan(spanId: string, startMs: number, endMs: number): ReadableSpan {
  return {
    spanContext: () => ({ traceId: 'a'.repeat(32), spanId, traceFlags: 1 }),
    startTime: at(startMs),
    endTime: at(endMs),
  } as unknown as ReadableSpan;
}

function apiSpan(spanId: string) {
  return trace.wrapSpanContext({ traceId: 'b'.repeat(32), spanId, traceFlags: 1 });
}

describe('FaultInjector', () => {
  it('is active only inside [start, end) and only for the type ordered', () => {
    let now = 1_000;
    const faults = new FaultInjector(() => now);
    faults.schedule({ id: 'f1', type: 'latency', service: 's', startMs: 2_000, endMs: 3_000 });
    expect(faults.active('latency')).toBeUndefined();
    now = 2_000;
    expect(faults.active('latency')?.id).toBe('f1');
    expect(faults.active('exception')).toBeUndefined();
    now = 3_000;
    expect(faults.active('latency')).toBeUndefined();
    faults.dispose();
  });

  it('records touched span ids per fault, once each', () => {
    const faults = new FaultInjector(() => 0);
    const order = { id: 'f1', type: 'exception', service: 's', startMs: 0, endMs: 1 } as const;
    faults.schedule(order);
    faults.touch(order, apiSpan('1111111111111111'), apiSpan('2222222222222222'));
    faults.touch(order, apiSpan('1111111111111111'));
    faults.touch({ ...order, id: 'unknown' }, apiSpan('3333333333333333'));
    expect(faults.groundTruth()).toEqual({ f1: ['1111111111111111', '2222222222222222'] });
    faults.dispose();
  });

  it('counts an SDK span as touched only when a busy period ran while it was open', async () => {
    const now = Date.now();
    const faults = new FaultInjector();
    const tracer = new BasicTracerProvider({ spanProcessors: [faults] }).getTracer('test');
    faults.schedule({ id: 'cpu', type: 'cpu_contention', service: 's', startMs: now, endMs: now + 1_000 });
    try {
      // Spans started and ended in one event-loop task, again and again through the contention: no busy
      // period can run while one is open, whatever their times read (whole Date.now() milliseconds).
      const instant = new Set<string>();
      while (Date.now() < now + 300) {
        const span = tracer.startSpan('instant');
        span.end();
        instant.add(span.spanContext().spanId);
        await new Promise<void>((r) => setImmediate(r));
      }
      // Spans open across 25 ms of timers: the burner's 10 ms ticks ran while each was open.
      const held: string[] = [];
      for (let k = 0; k < 5; k++) {
        const span = tracer.startSpan('held');
        await sleep(25);
        span.end();
        held.push(span.spanContext().spanId);
      }
      expect(faults.busyPeriods()).toBeGreaterThanOrEqual(3);
      const touched = new Set(faults.groundTruth().cpu);
      expect([...instant].filter((id) => touched.has(id))).toEqual([]);
      expect(held.filter((id) => touched.has(id))).toEqual(held);
      expect(faults.windowOverlaps()).toEqual({ cpu: instant.size + held.length });
    } finally {
      await faults.shutdown();
    }
  });

  it('counts every span overlapping a CPU-contention window in windowOverlaps', async () => {
    const now = Date.now();
    const faults = new FaultInjector();
    faults.schedule({
      id: 'cpu',
      type: 'cpu_contention',
      service: 's',
      startMs: now + 10_000,
      endMs: now + 11_000,
    });
    faults.onEnd(fakeSpan('000000000000000a', now + 9_000, now + 9_500)); // before
    faults.onEnd(fakeSpan('000000000000000b', now + 9_900, now + 10_100)); // straddles the start
    faults.onEnd(fakeSpan('000000000000000c', now + 10_500, now + 10_600)); // inside
    faults.onEnd(fakeSpan('000000000000000d', now + 11_000, now + 11_200)); // after
    // No busy period ran yet (the window is 10 s ahead): none is slowed, two overlap the window.
    expect(faults.groundTruth().cpu).toEqual([]);
    expect(faults.windowOverlaps()).toEqual({ cpu: 2 });
    await faults.shutdown();
  });

  it('burns CPU during a contention window and stops after it', async () => {
    // CPU time this process (a vitest fork) spent, not timer lag: on a loaded machine a timer's lag
    // measures the other processes too, while the burner's CPU only drops with the share it gets.
    const now = Date.now();
    const faults = new FaultInjector();
    faults.schedule({ id: 'cpu', type: 'cpu_contention', service: 's', startMs: now, endMs: now + 300 });
    try {
      const during = await cpuMsOver(250);
      await sleep(now + 350 - Date.now());
      const after = await cpuMsOver(250);
      // 70% busy over 250 ms is about 175 ms of CPU on an idle core; 15 ms is 6% of one core.
      expect(during).toBeGreaterThanOrEqual(15);
      expect(during).toBeGreaterThan(4 * after);
    } finally {
      faults.dispose();
    }
  });
});

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

/** CPU time (user + system, ms) this process spends while `ms` of wall time pass. */
async function cpuMsOver(ms: number): Promise<number> {
  const before = process.cpuUsage();
  await sleep(ms);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}
