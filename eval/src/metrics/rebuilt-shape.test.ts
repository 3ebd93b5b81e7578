import {
  AutoscopeAttributes,
  buildTraceTree,
  drop,
  keep,
  materialize,
  ShapePublisher,
  type Span,
  stringAttr,
  type Trace,
} from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import { describe, expect, it } from 'vitest';
import { traceOf } from '../../../packages/core/test/traces.js';
import { SpectrumMethod } from '../rca/spectrum.js';
import type { TraceShape } from '../rca/trace-shape.js';
import { FaultMatcher } from './fault-matcher.js';
import { RebuiltShapes } from './rebuilt-shape.js';
import { SamplerMeter } from './sampler-meter.js';
import { traceTruth } from './trace-truth.js';

const START = 1_700_000_000_000_000_000n;
/** gateway -> x (dropped) -> y (kept), and a dropped repeat of x; the root fails, so the trace is anomalous. */
const TRACE = traceOf(
  {
    service: 'gateway',
    name: 'GET /',
    error: true,
    children: [
      { service: 'x', name: 'x.call', children: [{ service: 'y', name: 'y.work' }] },
      { service: 'x', name: 'x.call' },
      { service: 'x', name: 'x.other' },
    ],
  },
  1,
  START,
);
const FAULT: Fault = { id: 'f', type: 'cpu', service: 'x', start: START, end: START + 60_000_000_000n };

/** The trace as Autoscope writes it with only the root and y kept (`structure` mode as given). */
function sampled(trace: Trace, structure: 'reparent' | 'skeleton', publisher = new ShapePublisher()): Span[] {
  const tree = buildTraceTree(trace);
  const decisions = tree.spans.map((s) => (s.resource.serviceName === 'x' ? drop('normal') : keep('root')));
  return materialize({ tree, decisions }, { structure, annotate: false, publisher });
}

/** Removes every `autoscope.*` attribute: the same kept spans, as an output without shape records. */
function withoutShapes(spans: readonly Span[]): Span[] {
  return spans.map((s) => ({
    ...s,
    attributes: s.attributes.filter((a) => !a.key.startsWith('autoscope.')),
  }));
}

function counts(shape: TraceShape | undefined): Record<string, Record<string, number>> | undefined {
  if (shape === undefined) return undefined;
  const out: Record<string, Record<string, number>> = {};
  for (const [service, names] of shape.services) out[service] = Object.fromEntries(names);
  return out;
}

describe('RebuiltShapes', () => {
  it('rebuilds every span of the trace, dropped ones included, by service and name', () => {
    const out = sampled(TRACE, 'reparent');
    expect(out.map((s) => s.resource.serviceName).sort()).toEqual(['gateway', 'y']);
    const shapes = new RebuiltShapes();
    shapes.learn(out);
    expect(counts(shapes.shapeOf(out))).toEqual({
      gateway: { 'GET /': 1 },
      x: { 'x.call': 2, 'x.other': 1 },
      y: { 'y.work': 1 },
    });
  });

  it('gives back self times of kept and dropped spans from the timing digests', () => {
    const out = sampled(TRACE, 'reparent');
    const shapes = new RebuiltShapes();
    shapes.learn(out);
    const timing = shapes.shapeOf(out)?.timing;
    const root = out.find((s) => s.name === 'GET /')!;
    // The root's three 1 ms children cover its 1 ms: self time 0, and no single callee.
    expect(timing?.kept.get(root.spanId)).toEqual({ selfNanos: 0, callee: undefined });
    const dropped = timing?.dropped.map((d) => [
      d.service,
      d.name,
      d.callee ?? '-',
      Math.round(d.selfNanos / 1e5),
    ]);
    // x.call that called y spent its 1 ms in y; the other x.call and x.other worked 1 ms (to 0.1 ms: the digest is within 5%).
    expect(dropped?.sort()).toEqual([
      ['x', 'x.call', '-', 10],
      ['x', 'x.call', 'y', 0],
      ['x', 'x.other', '-', 10],
    ]);
    expect(shapes.badTimings).toBe(0);
  });

  it('ignores, and counts, a timing digest that does not match its shape', () => {
    const out = sampled(TRACE, 'reparent').map((s) => ({
      ...s,
      attributes: s.attributes.map((a) =>
        a.key === AutoscopeAttributes.TIMING ? { key: a.key, value: { bytesValue: new Uint8Array([1]) } } : a,
      ),
    }));
    const shapes = new RebuiltShapes();
    shapes.learn(out);
    const shape = shapes.shapeOf(out);
    expect(counts(shape)?.x).toEqual({ 'x.call': 2, 'x.other': 1 });
    expect(shape?.timing).toBeUndefined();
    expect(shapes.badTimings).toBe(1);
  });

  it('reads placeholders of a skeleton output as the spans they stand for', () => {
    const out = sampled(TRACE, 'skeleton');
    const shapes = new RebuiltShapes();
    shapes.learn(out);
    expect(counts(shapes.shapeOf(out))?.x).toEqual({ 'x.call': 2, 'x.other': 1 });
  });

  it('gives no shape for an output without shape records', () => {
    const out = withoutShapes(sampled(TRACE, 'reparent'));
    const shapes = new RebuiltShapes();
    shapes.learn(out);
    expect(shapes.shapeOf(out)).toBeUndefined();
    expect(shapes.unresolved).toBe(0);
  });

  it('gives no shape, and counts it, when a definition was never learned', () => {
    const publisher = new ShapePublisher();
    sampled(TRACE, 'reparent', publisher);
    const second = sampled(traceOf({ service: 'gateway', name: 'GET /' }, 2, START), 'reparent', publisher);
    const again = sampled(TRACE, 'reparent', publisher);
    const shapes = new RebuiltShapes();
    shapes.learn(second);
    shapes.learn(again);
    expect(shapes.shapeOf(again)).toBeUndefined();
    expect(shapes.unresolved).toBe(1);
  });

  it('stops at a definition that contains itself (hostile stream)', () => {
    const rows = JSON.stringify([
      ['1', 'x', 'loop'],
      ['a', '1', ['a', 'b']],
      ['b', '1', null],
    ]);
    const span = {
      ...TRACE.spans[0]!,
      attributes: [
        stringAttr(AutoscopeAttributes.SHAPES, rows),
        { key: AutoscopeAttributes.SHAPE, value: { intValue: 10n } },
      ],
    };
    const shapes = new RebuiltShapes();
    shapes.learn([span]);
    expect(shapes.reader.invalid).toBe(0);
    expect(shapes.shapeOf([span])).toBeUndefined();
    expect(shapes.unresolved).toBe(1);
  });
});

describe('spectrum RCA on a sampled output', () => {
  function ranked(out: Span[]): string[] {
    const shapes = new RebuiltShapes();
    shapes.learn(out);
    const collector = new SpectrumMethod().createCollector();
    collector.add({ traceId: TRACE.traceId, spans: out }, shapes.shapeOf(out));
    return collector.rank(FAULT);
  }

  it('counts a service whose spans were all dropped when the output rebuilds them', () => {
    expect(ranked(sampled(TRACE, 'reparent'))).toContain('x');
  });

  it('does not count it from the same kept spans without shape records', () => {
    const ranking = ranked(withoutShapes(sampled(TRACE, 'reparent')));
    expect(ranking).toContain('y');
    expect(ranking).not.toContain('x');
  });

  it('gets the rebuilt shape from the meter, for any output that carries one', () => {
    const truth = traceTruth(TRACE, new FaultMatcher([FAULT], 'pod-window'));
    const mrr = (out: Span[]) => {
      const meter = new SamplerMeter([FAULT], { rca: [new SpectrumMethod()] });
      const kept = new Uint8Array(truth.tree.spans.length);
      truth.tree.spans.forEach((s, i) => {
        kept[i] = s.resource.serviceName === 'x' ? 0 : 1;
      });
      meter.record(truth, out, kept, 0);
      return meter.rcaScores()['spectrum-ochiai']!.mrr;
    };
    expect(mrr(sampled(TRACE, 'reparent'))).toBeGreaterThan(0);
    expect(mrr(withoutShapes(sampled(TRACE, 'reparent')))).toBe(0);
  });
});
