import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StructureMode } from '../src/engine/options.js';
import { isErrorSpan, type Span, type Trace } from '../src/model.js';
import { materialize } from '../src/output/materialize.js';
import { ShapeReader, traceShapeHash } from '../src/output/reconstruct.js';
import type { SamplingStrategy, StrategyFactory } from '../src/strategy.js';
import { ShapePublisher } from '../src/structure/shape-dictionary.js';
import { buildTraceTree } from '../src/trace-tree.js';
import { hostileTraceArbitrary, typicalTrace } from './traces.js';

/**
 * The contract every sampling strategy meets, run against each implementation (the engine and every
 * baseline): roots kept, errors kept, no orphans in any output mode, exact reconstruction where the
 * strategy keeps the root, determinism under a seed, and the budget held over a stream.
 */
export function runStrategyContract(name: string, factory: StrategyFactory): void {
  const make = (keepRatio = 0.2, seed = 7): SamplingStrategy => factory({ keepRatio, seed });

  describe(`${name}: sampling strategy contract`, () => {
    it('keeps the root of every trace it keeps anything of (trace-level: all or nothing)', () => {
      const strategy = make();
      for (let i = 0; i < 300; i++) {
        const tree = buildTraceTree(typicalTrace(i, { slow: i % 50 === 49 }));
        const { decisions } = strategy.decide(tree);
        expect(decisions).toHaveLength(tree.spans.length);
        const keptCount = decisions.filter((d) => d.keep).length;
        if (strategy.traceLevel) expect([0, tree.spans.length]).toContain(keptCount);
        else for (const top of tree.tops) expect(decisions[top]!.keep).toBe(true);
      }
    });

    it('keeps error spans (span-level strategies) or the whole error trace (trace-level, when kept)', () => {
      const strategy = make();
      for (let i = 0; i < 200; i++) {
        const tree = buildTraceTree(typicalTrace(i, { error: i % 10 === 5 }));
        const { decisions } = strategy.decide(tree);
        if (strategy.traceLevel) continue;
        tree.spans.forEach((span, k) => {
          if (isErrorSpan(span))
            expect(decisions[k]!.keep, `error span ${span.name} of trace ${i}`).toBe(true);
        });
      }
    });

    for (const mode of ['reparent', 'skeleton', 'summary'] as const) {
      it(`writes no orphan span in ${mode} mode, also for hostile traces`, () => {
        const strategy = make();
        const publisher = new ShapePublisher();
        fc.assert(
          fc.property(hostileTraceArbitrary(), (trace) => {
            const output = materialize(strategy.decide(buildTraceTree(trace)), {
              structure: mode,
              annotate: true,
              publisher,
            });
            expectNoOrphans(output);
          }),
          { numRuns: 150, seed: 42 },
        );
      });

      it(`rebuilds every trace's shape exactly in ${mode} mode when the root is kept`, () => {
        expectExactReconstruction(make(), mode, streamOf(400));
      });
    }

    it('rebuilds hostile traces exactly in reparent mode when the root is kept', () => {
      const strategy = make();
      const publisher = new ShapePublisher();
      const reader = new ShapeReader();
      fc.assert(
        fc.property(hostileTraceArbitrary(), (trace) => {
          const tree = buildTraceTree(trace);
          const decision = strategy.decide(tree);
          if (tree.tops.some((t) => !decision.decisions[t]!.keep)) return;
          const output = materialize(decision, { structure: 'reparent', annotate: false, publisher });
          reader.learn(output);
          expect(reader.shapeOf(output)).toBe(traceShapeHash(tree));
        }),
        { numRuns: 200, seed: 7 },
      );
    });

    it('is deterministic for the same seed and input', () => {
      const a = make(0.2, 11);
      const b = make(0.2, 11);
      for (const trace of streamOf(200)) {
        const tree = buildTraceTree(trace);
        expect(a.decide(tree).decisions).toEqual(b.decide(tree).decisions);
      }
    });

    it('holds its budget over a stream of ordinary traces', () => {
      const keepRatio = 0.3;
      const strategy = make(keepRatio);
      let kept = 0;
      let total = 0;
      const traces = streamOf(3000);
      traces.forEach((trace, i) => {
        const { decisions } = strategy.decide(buildTraceTree(trace));
        if (i < 1000) return; // warm-up: structure and statistics are being learned
        total += decisions.length;
        kept += decisions.filter((d) => d.keep).length;
      });
      expect(kept / total).toBeLessThanOrEqual(keepRatio + 0.1);
    });
  });
}

/** A stream of ordinary traces with a few slow and error ones and varying loop counts. */
export function streamOf(count: number): Trace[] {
  return Array.from({ length: count }, (_, i) =>
    typicalTrace(i, { slow: i % 97 === 96, error: i % 211 === 210, loop: 2 + (i % 4) }),
  );
}

/** Every output span's parent is either empty or an output span of the same trace. */
export function expectNoOrphans(spans: readonly Span[]): void {
  const ids = new Set(spans.map((s) => s.spanId));
  for (const span of spans) {
    if (span.parentSpanId !== '') expect(ids.has(span.parentSpanId), `orphan ${span.spanId}`).toBe(true);
  }
}

function expectExactReconstruction(
  strategy: SamplingStrategy,
  mode: StructureMode,
  traces: readonly Trace[],
): void {
  const publisher = new ShapePublisher();
  const reader = new ShapeReader();
  let checked = 0;
  for (const trace of traces) {
    const tree = buildTraceTree(trace);
    const decision = strategy.decide(tree);
    const output = materialize(decision, { structure: mode, annotate: false, publisher });
    reader.learn(output);
    if (tree.tops.some((t) => !decision.decisions[t]!.keep)) continue;
    expect(reader.shapeOf(output), `trace ${trace.traceId}`).toBe(traceShapeHash(tree));
    checked++;
  }
  expect(checked).toBeGreaterThan(0);
}
