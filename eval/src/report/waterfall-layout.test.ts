import { describe, expect, it } from 'vitest';
import type { ExampleSpan, ExampleTrace } from '../results.js';
import { depthFirst, waterfallLayout } from './waterfall-layout.js';

function span(spanId: string, parentSpanId: string | undefined, start = 0, duration = 10): ExampleSpan {
  const base = {
    spanId,
    service: 'svc',
    name: `op-${spanId}`,
    startOffsetNanos: start,
    durationNanos: duration,
    error: false,
    faulty: false,
  };
  return parentSpanId === undefined ? base : { ...base, parentSpanId };
}

function trace(before: ExampleSpan[], after: ExampleSpan[]): ExampleTrace {
  return { traceId: 't', sampler: 'autoscope', faultType: 'cpu', before, after };
}

describe('depthFirst', () => {
  it('orders spans depth first from the root, children by start time', () => {
    const spans = [span('c', 'a', 20), span('a', undefined, 0), span('b', 'a', 5), span('d', 'b', 6)];
    expect(depthFirst(spans).map((o) => `${o.span.spanId}${o.depth}`)).toEqual(['a0', 'b1', 'd2', 'c1']);
  });

  it('treats spans with a missing parent as roots and still places spans on a parent cycle', () => {
    const spans = [span('x', 'missing', 3), span('p', 'q'), span('q', 'p'), span('s', 's', 1)];
    const order = depthFirst(spans);
    expect(order.map((o) => o.span.spanId).sort()).toEqual(['p', 'q', 's', 'x']);
    expect(order.find((o) => o.span.spanId === 'x')?.depth).toBe(0);
    expect(order.find((o) => o.span.spanId === 's')?.depth).toBe(0);
  });

  it('handles a 50,000-deep chain without recursion', () => {
    const spans = Array.from({ length: 50_000 }, (_, i) =>
      span(`s${i}`, i === 0 ? undefined : `s${i - 1}`, i),
    );
    const order = depthFirst(spans);
    expect(order).toHaveLength(50_000);
    expect(order.at(-1)?.depth).toBe(49_999);
  });

  it('keeps both spans of a duplicated span id', () => {
    expect(depthFirst([span('a', undefined), span('a', undefined, 1)])).toHaveLength(2);
  });
});

describe('waterfallLayout', () => {
  const before = [span('r', undefined, 0, 100), span('m', 'r', 10, 50), span('l', 'm', 20, 10)];
  const after = [span('r', undefined, 0, 100), span('l', 'r', 20, 10), span('summary', 'r', 90, 5)];

  it('keeps one row per span of the full trace, marks dropped ones, and appends spans only in the output', () => {
    const layout = waterfallLayout(trace(before, after), 100);
    expect(
      layout.rows.map((r) => [
        r.before.spanId,
        r.after?.spanId,
        r.beforeDepth,
        r.afterDepth,
        r.addedBySampler,
      ]),
    ).toEqual([
      ['r', 'r', 0, 0, false],
      ['m', undefined, 1, 1, false],
      ['l', 'l', 2, 1, false],
      ['summary', 'summary', 1, 1, true],
    ]);
    expect(layout.hiddenRows).toBe(0);
    expect([layout.startNanos, layout.endNanos]).toEqual([0, 100]);
  });

  it('cuts at the maximum and counts the rows left out', () => {
    const layout = waterfallLayout(trace(before, after), 2);
    expect(layout.rows).toHaveLength(2);
    expect(layout.hiddenRows).toBe(2);
  });

  it('ignores non-finite times and negative durations when sizing the time range', () => {
    const odd = [span('r', undefined, Number.NaN, Number.POSITIVE_INFINITY), span('c', 'r', -5, -3)];
    const layout = waterfallLayout(trace(odd, []), 10);
    expect([layout.startNanos, layout.endNanos]).toEqual([-5, 1]);
  });

  it('lays out an empty trace', () => {
    const layout = waterfallLayout(trace([], []), 10);
    expect(layout.rows).toEqual([]);
    expect(layout.endNanos).toBeGreaterThan(layout.startNanos);
  });
});
