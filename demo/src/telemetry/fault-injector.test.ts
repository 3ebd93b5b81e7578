import { trace } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
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

  it('counts every span overlapping a CPU-contention window as touched', async () => {
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
    expect(faults.groundTruth().cpu?.sort()).toEqual(['000000000000000b', '000000000000000c']);
    await faults.shutdown();
  });

  it('burns CPU during a contention window and stops after it', async () => {
    const now = Date.now();
    const faults = new FaultInjector();
    faults.schedule({ id: 'cpu', type: 'cpu_contention', service: 's', startMs: now, endMs: now + 150 });
    const lagDuring = await timerLag();
    await new Promise((r) => setTimeout(r, 200));
    const lagAfter = await timerLag();
    faults.dispose();
    expect(lagDuring).toBeGreaterThan(lagAfter);
    expect(lagDuring).toBeGreaterThanOrEqual(3);
  });
});

/** The worst delay of a 1 ms timer over 10 rounds (the event loop is blocked while burning). */
async function timerLag(): Promise<number> {
  let worst = 0;
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    await new Promise((r) => setTimeout(r, 1));
    worst = Math.max(worst, performance.now() - t - 1);
  }
  return worst;
}
