import { makeResource, makeScope, makeSpan, type Span, stringAttr, type Trace } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import { describe, expect, it } from 'vitest';
import { KeptShareMethod } from './kept-share.js';
import { DEFAULT_LATENCY_ANOMALY, LatencyAnomalyCollector, LatencyAnomalyMethod } from './latency-anomaly.js';
import { type TraceShape, TraceShapeBuilder } from './trace-shape.js';

const SECOND = 1_000_000_000n;
const MS = 1_000_000n;
const T0 = 1_700_000_000n * SECOND;
const FAULT: Fault = {
  id: 'f',
  type: 'cpu',
  service: 'x-svc',
  start: T0 + 1200n * SECOND,
  end: T0 + 1380n * SECOND,
};
const SCOPE = makeScope('test');
const resource = (service: string) => makeResource([stringAttr('service.name', service)]);
const RESOURCES = { gateway: resource('gateway'), 'a-svc': resource('a-svc'), 'x-svc': resource('x-svc') };
type Service = keyof typeof RESOURCES;

/** One sampled trace: a kept root and kept children of the given services and durations (ms). */
function sampledTrace(i: number, start: bigint, kept: readonly [Service, number][]): Trace {
  const traceId = (i + 1).toString(16).padStart(32, '0');
  const id = (k: number) => (i * 100 + k + 1).toString(16).padStart(16, '0');
  const span = (k: number, service: Service, parent: string, ms: number): Span =>
    makeSpan({
      traceId,
      spanId: id(k),
      parentSpanId: parent,
      name: `${service} op`,
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(ms) * MS,
      resource: RESOURCES[service],
      scope: SCOPE,
    });
  const spans = [span(0, 'gateway', '', 200)];
  for (const [k, [service, ms]] of kept.entries()) spans.push(span(k + 1, service, id(0), ms));
  return { traceId, spans };
}

/** Each trace had 4 spans of a-svc and 4 of x-svc under its root. */
function shapeOf(): TraceShape {
  const builder = new TraceShapeBuilder();
  builder.add('gateway', 'gateway op');
  builder.add('a-svc', 'a-svc op', 4);
  builder.add('x-svc', 'x-svc op', 4);
  return builder.build();
}

/**
 * 40 minutes of one trace every 2 s. The sampler keeps one span of each service at 5 ms, except in the
 * fault window, where it keeps three of x-svc's (same durations): only the kept share moves.
 */
function stream(): { trace: Trace; shape: TraceShape }[] {
  const out: { trace: Trace; shape: TraceShape }[] = [];
  for (let i = 0; i < 1200; i++) {
    const start = T0 + BigInt(i) * 2n * SECOND;
    const inFault = start >= FAULT.start && start < FAULT.end;
    const x: [Service, number][] = inFault
      ? [
          ['x-svc', 5],
          ['x-svc', 5],
          ['x-svc', 5],
        ]
      : [['x-svc', 5]];
    out.push({ trace: sampledTrace(i, start, [['a-svc', 5], ...x]), shape: shapeOf() });
  }
  return out;
}

describe('kept-share', () => {
  it('ranks first the service whose kept share of spans rose, where latency alone cannot tell', () => {
    const shares = new KeptShareMethod().createCollector();
    const latency = new LatencyAnomalyCollector(DEFAULT_LATENCY_ANOMALY);
    for (const { trace, shape } of stream()) {
      shares.add(trace, shape);
      latency.add(trace, shape);
    }
    expect(shares.rank(FAULT)[0]).toBe('x-svc');
    expect(Math.abs(latency.scores(FAULT).get('x-svc')!)).toBeLessThan(0.1);
    expect(shares.note()).toBeUndefined();
  });

  it('without shapes ranks exactly as latency-anomaly and says so', () => {
    const shares = new KeptShareMethod().createCollector();
    const latency = new LatencyAnomalyMethod().createCollector();
    for (const { trace } of stream()) {
      shares.add(trace);
      latency.add(trace);
    }
    expect(shares.rank(FAULT)).toEqual(latency.rank(FAULT));
    expect(shares.note()).toMatch(/ranked as latency-anomaly/);
  });
});

describe('latency-anomaly with rebuilt shapes', () => {
  /**
   * x-svc's spans are 5, 5, 5 and 50 ms in every trace, so the full data never shifts; in the window the
   * sampler keeps only the 50 ms one. Counting the dropped ones at the running mean pulls the window's mean
   * back towards the full data's.
   */
  function xScore(imputeDropped: boolean): number {
    const collector = new LatencyAnomalyCollector({ ...DEFAULT_LATENCY_ANOMALY, maxZ: 1e9, imputeDropped });
    for (let i = 0; i < 1200; i++) {
      const start = T0 + BigInt(i) * 2n * SECOND;
      const inFault = start >= FAULT.start && start < FAULT.end;
      const x: [Service, number][] = inFault
        ? [['x-svc', 50]]
        : [
            ['x-svc', 5],
            ['x-svc', 5],
            ['x-svc', 5],
            ['x-svc', 50],
          ];
      const builder = new TraceShapeBuilder();
      builder.add('gateway', 'gateway op');
      builder.add('x-svc', 'x-svc op', 4);
      collector.add(sampledTrace(i, start, x), builder.build());
    }
    return collector.scores(FAULT).get('x-svc') ?? Number.NaN;
  }

  it('counts dropped spans at their series running mean, so a sampler keeping only slow ones shifts less', () => {
    const without = xScore(false);
    const withDropped = xScore(true);
    // The mean shift falls 4x; the z score less, as the window then holds 4 values per trace instead of 1.
    expect(without).toBeGreaterThan(10);
    expect(withDropped).toBeLessThan(without * 0.7);
  });
});
