import {
  buildTraceTree,
  drop,
  keep,
  makeResource,
  makeScope,
  makeSpan,
  materialize,
  ShapePublisher,
  type Span,
  type TraceDecision,
} from '@autoscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unchangedOutput } from './unchanged-output.js';

const resource = makeResource([{ key: 'service.name', value: { stringValue: 'orders' } }]);
const scope = makeScope('test');
const id = (i: number) => i.toString(16).padStart(16, '0');

/** Spans whose parent is an earlier span (>= 0), none (-1), or a span not in the trace (-2). */
function spansOf(parents: readonly number[], names: readonly string[]): Span[] {
  return parents.map((p, i) =>
    makeSpan({
      traceId: 'ab'.repeat(16),
      spanId: id(i + 1),
      parentSpanId: p === -1 ? '' : p === -2 ? id(999) : id(Math.min(p, i - 1) + 1),
      name: names[i % names.length]!,
      startTimeUnixNano: 1000n + BigInt(i),
      endTimeUnixNano: 2000n,
      resource,
      scope,
    }),
  );
}

function decisionOf(spans: Span[], kept: (i: number) => boolean): TraceDecision {
  const tree = buildTraceTree({ traceId: spans[0]!.traceId, spans });
  return { tree, decisions: tree.spans.map((_, i) => (kept(i) ? keep('root') : drop('normal'))) };
}

const output = { structure: 'reparent' as const, annotate: false, publisher: new ShapePublisher() };
const trees = fc.record({
  parents: fc.array(fc.integer({ min: -2, max: 6 }), { minLength: 1, maxLength: 12 }),
  names: fc.array(fc.constantFrom('db', 'cache', 'GET /x'), { minLength: 1, maxLength: 3 }),
});

describe('unchangedOutput', () => {
  it('when defined, is exactly what materialize writes: the same span objects in the same order', () => {
    fc.assert(
      fc.property(trees, ({ parents }) => {
        const decision = decisionOf(spansOf([-1, ...parents.map((p) => Math.max(p, 0))], ['db']), () => true);
        const fast = unchangedOutput<Span>(decision, false);
        expect(fast).toBeDefined();
        const written = materialize(decision, output);
        expect(fast?.length).toBe(written.length);
        for (let i = 0; i < written.length; i++) expect(fast?.[i]).toBe(written[i]);
      }),
    );
  });

  it('is undefined whenever materialize would change a span (a drop, a missing parent) or annotate is on', () => {
    fc.assert(
      fc.property(trees, fc.integer({ min: 0, max: 12 }), ({ parents, names }, dropped) => {
        const decision = decisionOf(spansOf(parents, names), (i) => i !== dropped);
        const fast = unchangedOutput<Span>(decision, false);
        const written = materialize(decision, output);
        const same =
          written.length === decision.tree.spans.length &&
          written.every((span, i) => span === decision.tree.spans[decision.tree.preorder[i]!]);
        expect(fast !== undefined).toBe(same);
      }),
    );
    const whole = decisionOf(spansOf([-1, 0], ['db']), () => true);
    expect(unchangedOutput(whole, true)).toBeUndefined();
  });
});
