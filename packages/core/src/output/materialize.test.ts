import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexId, hostileTraceArbitrary, traceOf } from '../../test/traces.js';
import type { StructureMode } from '../engine/options.js';
import type { Span } from '../model.js';
import { drop, keep } from '../strategy.js';
import { ShapePublisher } from '../structure/shape-dictionary.js';
import { buildTraceTree } from '../trace-tree.js';
import { AutoscopeAttributes as A, PLACEHOLDER_SCOPE_NAME } from './attributes.js';
import type { AddedAttributes } from './extra-attributes.js';
import { type MaterializeSink, materialize, materializeInto } from './materialize.js';

/**
 * A sink that builds what its contract says `materialize` writes. It copies the added attributes, values
 * included, since `materializeInto` reuses them after the call.
 */
class ContractSink implements MaterializeSink {
  readonly spans: Span[] = [];

  write(span: Span, parentSpanId: string | undefined, added: AddedAttributes): void {
    if (parentSpanId === undefined && added.count === 0) {
      this.spans.push(span);
      return;
    }
    const attributes = [...span.attributes];
    for (let k = 0; k < added.count; k++) attributes.push(structuredClone(added.at(k)));
    this.spans.push({ ...span, parentSpanId: parentSpanId ?? span.parentSpanId, attributes });
  }
}

const MODES: readonly StructureMode[] = ['reparent', 'summary', 'skeleton'];

describe('materializeInto', () => {
  it('hands its sink exactly what materialize returns, trace after trace (reused buffers)', () => {
    const publishers = new Map(MODES.map((m) => [m, [new ShapePublisher(), new ShapePublisher()]] as const));
    fc.assert(
      fc.property(
        hostileTraceArbitrary(),
        fc.array(fc.boolean(), { maxLength: 80 }),
        fc.constantFrom(...MODES),
        fc.boolean(),
        (trace, mask, structure, annotate) => {
          const tree = buildTraceTree(trace);
          const decisions = tree.spans.map((_, i) => (mask[i] === true ? keep('root') : drop('normal')));
          const [a, b] = publishers.get(structure)!;
          const decision = { tree, decisions };
          const expected = materialize(decision, { structure, annotate, publisher: a! });
          const sink = new ContractSink();
          materializeInto(decision, { structure, annotate, publisher: b! }, sink);
          expect(sink.spans).toEqual(expected);
          if (expected.length > 0)
            expect(expected.length).toBe(
              structure === 'skeleton'
                ? tree.spans.length
                : mask.slice(0, tree.spans.length).filter(Boolean).length,
            );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('materialize on traces past the reused buffers (over 4,096 spans)', () => {
  /** A root with `n - 1` children, every other one kept: half the spans kept, each child a leaf. */
  function wide(n: number, traceNumber: number) {
    const root = traceOf({ service: 'api', name: 'GET /', children: [] }, traceNumber).spans[0]!;
    const spans: Span[] = [root];
    for (let i = 1; i < n; i++) {
      spans.push({
        ...root,
        spanId: hexId(traceNumber * 1_000_000 + i, 16),
        parentSpanId: root.spanId,
        name: `c${i % 7}`,
      });
    }
    const tree = buildTraceTree({ traceId: root.traceId, spans });
    const decisions = tree.spans.map((_, i) => (i % 2 === 0 ? keep('root') : drop('normal')));
    return { tree, decisions };
  }

  it.each(MODES)('writes every kept span in %s mode, before and after smaller traces', (structure) => {
    const publisher = new ShapePublisher();
    for (const [k, n] of [5_000, 10, 4_097, 4_096, 6_000].entries()) {
      const decision = wide(n, k + 1);
      const out = materialize(decision, { structure, annotate: false, publisher });
      const kept = Math.ceil(n / 2);
      expect(out.filter((s) => s !== undefined)).toHaveLength(structure === 'skeleton' ? n : kept);
      const real = out.filter((s) => s.scope.name !== PLACEHOLDER_SCOPE_NAME);
      expect(real).toHaveLength(kept);
      expect(real[0]!.spanId).toBe(decision.tree.spans[0]!.spanId);
    }
  });
});

describe('materialize: the shared autoscope.shape attribute', () => {
  it('is frozen, value included, so a caller cannot change it under other spans and traces', () => {
    const trace = traceOf(
      {
        service: 'api',
        name: 'GET /',
        children: [
          { service: 'api', name: 'db' },
          { service: 'api', name: 'db' },
        ],
      },
      1,
    );
    const options = { structure: 'reparent' as const, annotate: false, publisher: new ShapePublisher() };
    const shapes = [0, 1].map(() => {
      const tree = buildTraceTree(trace);
      const decisions = tree.spans.map((s) => (s.name === 'GET /' ? keep('root') : drop('normal')));
      const out = materialize({ tree, decisions }, options);
      return out.flatMap((s) => s.attributes.filter((a) => a.key === A.SHAPE));
    });
    const shape = shapes[0]![0]!;
    expect(shapes[1]![0]).toBe(shape);
    expect(Object.isFrozen(shape)).toBe(true);
    expect(Object.isFrozen(shape.value)).toBe(true);
    expect(() => {
      (shape.value as { intValue: bigint }).intValue = 0n;
    }).toThrow(TypeError);
  });

  it('is one object per shape even when shapes alternate from trace to trace', () => {
    const twoDb = traceOf(
      {
        service: 'api',
        name: 'GET /',
        children: [
          { service: 'api', name: 'db' },
          { service: 'api', name: 'db' },
        ],
      },
      1,
    );
    const oneCache = traceOf(
      { service: 'api', name: 'GET /', children: [{ service: 'api', name: 'cache' }] },
      2,
    );
    const options = { structure: 'reparent' as const, annotate: false, publisher: new ShapePublisher() };
    const shapes = [twoDb, oneCache, twoDb, oneCache].map((trace) => {
      const tree = buildTraceTree(trace);
      const decisions = tree.spans.map((s) => (s.name === 'GET /' ? keep('root') : drop('normal')));
      const out = materialize({ tree, decisions }, options);
      return out.flatMap((s) => s.attributes.filter((a) => a.key === A.SHAPE))[0]!;
    });
    expect(shapes[0]!.value).not.toEqual(shapes[1]!.value);
    expect(shapes[2]).toBe(shapes[0]);
    expect(shapes[3]).toBe(shapes[1]);
    expect(Object.isFrozen(shapes[1])).toBe(true);
  });
  it('writes a kept score that rounds to zero as 0, never as a negative zero', () => {
    const trace = traceOf({ service: 'api', name: 'GET /', children: [{ service: 'api', name: 'db' }] }, 3);
    const tree = buildTraceTree(trace);
    const decisions = tree.spans.map(() => keep('budget', -0.0001));
    const out = materialize(
      { tree, decisions },
      {
        structure: 'reparent',
        annotate: true,
        publisher: new ShapePublisher(),
      },
    );
    const scores = out.flatMap((s) => s.attributes.filter((a) => a.key === A.SCORE));
    expect(scores).toHaveLength(2);
    for (const score of scores) expect(score.value).toEqual({ doubleValue: 0 });
    for (const score of scores)
      expect(Object.is((score.value as { doubleValue: number }).doubleValue, 0)).toBe(true);
  });
});
