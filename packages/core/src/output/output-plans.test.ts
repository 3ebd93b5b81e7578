import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexId, type NodeSpec, traceOf } from '../../test/traces.js';
import {
  type KeyValue,
  makeResource,
  makeScope,
  makeSpan,
  type Resource,
  type Span,
  StatusCode,
  stringAttr,
  type Trace,
} from '../model.js';
import { drop, keep } from '../strategy.js';
import { LabelHashCache } from '../structure/label-hash-cache.js';
import { ShapePublisher } from '../structure/shape-dictionary.js';
import { buildTraceTree, type TraceTree } from '../trace-tree.js';
import { AutoscopeAttributes as A } from './attributes.js';
import { materialize, useOutputPlans } from './materialize.js';
import { timingDigests } from './region-digests.js';
import { residualShapes } from './residual-shapes.js';

/** A service-like shape: a root over a dropped handler with repeated dropped calls and a kept span. */
function shape(service: string, durations: readonly number[]): NodeSpec {
  const us = (k: number) => durations[k % durations.length]!;
  return {
    service,
    name: 'GET /orders',
    durationUs: 5000 + us(0),
    children: [
      {
        service,
        name: 'handler',
        durationUs: 4000 + us(1),
        children: [
          { service, name: 'SELECT', durationUs: us(2) },
          { service, name: 'SELECT', durationUs: us(3) },
          { service, name: 'SELECT', durationUs: us(4) },
          {
            service,
            name: 'kept',
            durationUs: us(5),
            children: [{ service, name: 'leaf', durationUs: us(6) }],
          },
          { service, name: 'call', durationUs: us(7), children: [{ service: `${service}-b`, name: 'in b' }] },
        ],
      },
    ],
  };
}

/** The trace's spans in a shuffled order (so span indices differ from trace to trace of one shape). */
function shuffled(trace: Trace, seed: number): Trace {
  const spans = [...trace.spans];
  let s = seed;
  for (let k = spans.length - 1; k > 0; k--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (k + 1);
    [spans[k], spans[j]] = [spans[j]!, spans[k]!];
  }
  return { traceId: trace.traceId, spans };
}

const KEPT_NAMES = new Set(['GET /orders', 'kept', 'in b']);

function decide(tree: TraceTree) {
  return { tree, decisions: tree.spans.map((s) => (KEPT_NAMES.has(s.name) ? keep('root') : drop('normal'))) };
}

function attribute(span: Span, key: string): KeyValue | undefined {
  return span.attributes.find((kv) => kv.key === key);
}

/** Each span's nearest kept proper ancestor (-1: none), computed here from the parents. */
function anchorsOf(tree: TraceTree, kept: Uint8Array): Int32Array {
  const anchors = new Int32Array(tree.spans.length).fill(-1);
  for (let i = 0; i < tree.spans.length; i++) {
    for (let p = tree.parent[i]!; p >= 0; p = tree.parent[p]!) {
      if (kept[p] === 1) {
        anchors[i] = p;
        break;
      }
    }
  }
  return anchors;
}

describe('materialize with output plans (traces of one shape share one)', () => {
  it('writes each trace the digests and residual shapes computed without a plan, whatever its span order', () => {
    const service = `plans-${Math.random().toString(36).slice(2)}`;
    const publisher = new ShapePublisher();
    let digests = 0;
    for (let t = 0; t < 40; t++) {
      const durations = Array.from({ length: 8 }, (_, k) => 1 + ((t * 7919 + k * 104729) % 90_000) / 7);
      const tree = buildTraceTree(shuffled(traceOf(shape(service, durations), t), t + 1));
      const decision = decide(tree);
      const kept = Uint8Array.from(decision.decisions, (d) => (d.keep ? 1 : 0));
      const expectedDigests = timingDigests(tree, kept, anchorsOf(tree, kept));
      const labels = new LabelHashCache().of(tree);
      const expectedShapes = Float64Array.from(residualShapes(tree, kept, labels).shape);
      const out = materialize(decision, { structure: 'reparent', annotate: true, publisher });
      expect(out.map((s) => s.name).sort()).toEqual([...KEPT_NAMES].sort());
      for (const span of out) {
        const i = tree.spans.findIndex((s) => s.spanId === span.spanId);
        const timing = attribute(span, A.TIMING)?.value;
        const expected = expectedDigests.get(i);
        expect(
          timing === undefined ? undefined : [...(timing as { bytesValue: Uint8Array }).bytesValue],
        ).toEqual(expected === undefined ? undefined : [...expected]);
        if (expected !== undefined) digests++;
        const shapeValue = attribute(span, A.SHAPE)?.value as { intValue: bigint } | undefined;
        expect(shapeValue?.intValue).toBe(expectedShapes[i]! >= 0 ? BigInt(expectedShapes[i]!) : undefined);
      }
    }
    // Root and 'kept' have dropped children with digests in every trace (the three SELECTs: one group).
    expect(digests).toBe(80);
  });

  it('writes a trace the same output from a cached plan as when its plan was made, definitions included', () => {
    const service = `plans-${Math.random().toString(36).slice(2)}`;
    const trace = traceOf(shape(service, [10, 20, 30, 40, 50, 60, 70, 80]), 1);
    const write = (input: Trace) =>
      materialize(decide(buildTraceTree(input)), {
        structure: 'reparent',
        annotate: true,
        publisher: new ShapePublisher(),
      });
    const first = write(trace);
    // A new stream (publisher) for each: a cached plan must not skip a stream's shape definitions.
    const again = write(shuffled(trace, 7));
    expect(attribute(first[0]!, A.SHAPES)).toBeDefined();
    const byId = (spans: Span[]) => [...spans].sort((a, b) => (a.spanId < b.spanId ? -1 : 1));
    expect(byId(again)).toEqual(byId(first));
  });

  it('does not share a plan between traces of the same labels under different parents', () => {
    const service = `plans-${Math.random().toString(36).slice(2)}`;
    const chain: NodeSpec = {
      service,
      name: 'root',
      children: [
        { service, name: 'a', children: [{ service, name: 'b', children: [{ service, name: 'c' }] }] },
      ],
    };
    const flat: NodeSpec = {
      service,
      name: 'root',
      children: [
        { service, name: 'a', children: [{ service, name: 'b' }] },
        { service, name: 'c' },
      ],
    };
    const keepRootAndC = (tree: TraceTree) => ({
      tree,
      decisions: tree.spans.map((s) => (s.name === 'root' || s.name === 'c' ? keep('root') : drop('normal'))),
    });
    const publisher = new ShapePublisher();
    const options = { structure: 'reparent' as const, annotate: false, publisher };
    for (let t = 0; t < 3; t++) {
      const deep = materialize(keepRootAndC(buildTraceTree(traceOf(chain, 2 * t))), options);
      const shallow = materialize(keepRootAndC(buildTraceTree(traceOf(flat, 2 * t + 1))), options);
      const gap = (spans: Span[]) => attribute(spans.find((s) => s.name === 'c')!, A.GAP)?.value;
      expect(gap(deep)).toEqual({ intValue: 2n });
      expect(gap(shallow)).toBeUndefined();
    }
  });

  it('takes no plan for labels holding U+0000, whose hashes do not tell (a, b\\0c) from (a\\0b, c)', () => {
    // Both traces' labels hash alike; digests group callees by service and repeats by span name.
    const splits = [
      [
        ['a', 'b\u0000c'],
        ['a\u0000b', 'c'],
        ['a', 'b\u0000c'],
      ],
      [
        ['a', 'b\u0000c'],
        ['a', 'b\u0000c'],
        ['a', 'b\u0000c'],
      ],
    ] as const;
    const outputs = (plansOn: boolean) => {
      useOutputPlans(plansOn);
      try {
        const publisher = new ShapePublisher();
        return splits.map((pairs, t) => {
          const children = pairs.map(
            ([service, name], k): NodeSpec => ({ service, name, durationUs: 1000 * (k + 1) }),
          );
          const tree = buildTraceTree(traceOf({ service: 'r', name: 'root', durationUs: 9000, children }, t));
          const decisions = tree.spans.map((s) => (s.name === 'root' ? keep('root') : drop('normal')));
          return materialize({ tree, decisions }, { structure: 'reparent', annotate: false, publisher });
        });
      } finally {
        useOutputPlans(true);
      }
    };
    const planned = outputs(true);
    expect(planned).toEqual(outputs(false));
    // The second trace's three dropped siblings of one name are a repeat group.
    expect(planned[1]![0]!.attributes.map((kv) => kv.key)).toContain(A.REPEATS);
  });

  it('writes every trace of a shape the same with and without plans (any times, statuses, resources, orders)', () => {
    const node = fc.record({
      // Mostly under the first spans: wide fan-outs, so dropped repeat groups and slots occur.
      parent: fc.oneof(fc.nat({ max: 2 }), fc.nat()),
      top: fc.boolean(),
      missingParent: fc.boolean(),
      label: fc.constantFrom(['a', 'x'], ['a', 'y'], ['b', 'x']),
      keep: fc.boolean(),
    });
    const instance = fc.record({
      durations: fc.array(fc.integer({ min: -5, max: 5_000_000 }), { minLength: 24, maxLength: 24 }),
      errors: fc.array(fc.boolean(), { minLength: 24, maxLength: 24 }),
      host: fc.constantFrom('h1', 'h2'),
      seed: fc.nat(),
    });
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.array(node, { minLength: 1, maxLength: 24 }),
        fc.array(instance, { minLength: 2, maxLength: 4 }),
        fc.boolean(),
        (nodes, instances, timing) => {
          // One stream per path; each path sees the same traces in the same order.
          const planned = new ShapePublisher();
          const unplanned = new ShapePublisher();
          instances.forEach((inst, t) => {
            const decision = decideShape(shapeInstance(nodes, inst, t));
            useOutputPlans(true);
            const a = materialize(decision, {
              structure: 'reparent',
              annotate: true,
              timing,
              publisher: planned,
            });
            useOutputPlans(false);
            try {
              const b = materialize(decision, {
                structure: 'reparent',
                annotate: true,
                timing,
                publisher: unplanned,
              });
              expect(a).toEqual(b);
              for (const span of a) for (const kv of span.attributes) seen.add(kv.key);
            } finally {
              useOutputPlans(true);
            }
          });
        },
      ),
      { numRuns: 300 },
    );
    // The runs met what a plan holds: reparented gaps, slots, shapes, digests and repeat groups.
    for (const key of [A.GAP, A.SLOT, A.SHAPE, A.TIMING, A.REPEATS]) expect(seen).toContain(key);
  });
});

interface ShapeNode {
  readonly parent: number;
  readonly top: boolean;
  readonly missingParent: boolean;
  readonly label: readonly string[];
  readonly keep: boolean;
}

interface ShapeInstance {
  readonly durations: readonly number[];
  readonly errors: readonly boolean[];
  readonly host: string;
  readonly seed: number;
}

const hostResources = new Map<string, Resource>();

function hostResource(service: string, host: string): Resource {
  const key = `${service}|${host}`;
  let resource = hostResources.get(key);
  if (resource === undefined) {
    resource = makeResource([stringAttr('service.name', service), stringAttr('host.name', host)]);
    hostResources.set(key, resource);
  }
  return resource;
}

/** One trace of the shape `nodes` (node 0 the root), with this instance's times, errors, host and span order. */
function shapeInstance(
  nodes: readonly ShapeNode[],
  inst: ShapeInstance,
  t: number,
): {
  trace: Trace;
  keep: ReadonlySet<string>;
} {
  const traceId = hexId(t + 1, 32);
  const id = (i: number) => hexId((t + 1) * 1000 + i + 1, 16);
  const keepIds = new Set<string>();
  const spans = nodes.map((nd, i) => {
    const top = i === 0 || nd.top;
    const parentSpanId = top ? (i > 0 && nd.missingParent ? hexId(999_999, 16) : '') : id(nd.parent % i);
    if (nd.keep || i === 0) keepIds.add(id(i));
    const [service = '', name = ''] = nd.label;
    return makeSpan({
      traceId,
      spanId: id(i),
      parentSpanId,
      name,
      startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i * 1000),
      endTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i * 1000 + inst.durations[i]!),
      resource: hostResource(service, inst.host),
      scope: makeScope('s'),
      status: { code: inst.errors[i] === true ? StatusCode.ERROR : StatusCode.UNSET, message: '' },
    });
  });
  return { trace: shuffled({ traceId, spans }, inst.seed), keep: keepIds };
}

function decideShape(input: { trace: Trace; keep: ReadonlySet<string> }) {
  const tree = buildTraceTree(input.trace);
  return {
    tree,
    decisions: tree.spans.map((s) => (input.keep.has(s.spanId) ? keep('root') : drop('normal'))),
  };
}
