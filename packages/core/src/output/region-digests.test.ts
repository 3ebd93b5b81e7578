import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NodeSpec, traceOf } from '../../test/traces.js';
import { makeResource, stringAttr } from '../model.js';
import { LabelHashCache } from '../structure/label-hash-cache.js';
import { buildTraceTree, type TraceTree } from '../trace-tree.js';
import { DigestKeyIds } from './digest-key-ids.js';
import { regionTimingDigests, timingDigests } from './region-digests.js';
import {
  calleeIn,
  digestKey,
  MAX_TIMING_VALUE,
  selfTimes,
  TIMING_STEPS_PER_DOUBLING,
  timingValue,
} from './timing-digest.js';

/** Names that make digest keys share prefixes, or contain the key's own separators. */
const WORDS = [
  'a',
  'ab',
  'a\u0000b',
  'a\u0001',
  'a\u0002',
  '',
  'b',
  'é',
  '\uffff',
  '\ud83d\ude00',
  'ä\u0000',
];
const word = fc.constantFrom(...WORDS);

function nodeSpec(depth: number, width: number): fc.Arbitrary<NodeSpec> {
  const children = depth <= 0 ? fc.constant([]) : fc.array(nodeSpec(depth - 1, width), { maxLength: width });
  return fc.record({ service: word, name: word, durationUs: fc.integer({ min: 0, max: 5_000 }), children });
}

function anchorsOf(tree: TraceTree, kept: Uint8Array): Int32Array {
  const anchors = new Int32Array(tree.spans.length).fill(-1);
  for (const i of tree.preorder) {
    const p = tree.parent[i]!;
    anchors[i] = p < 0 ? -1 : kept[p] === 1 ? p : anchors[p]!;
  }
  return anchors;
}

/**
 * The map-based `timingDigests` this module replaced, kept as the reference: groups by label hash and
 * callee, one key string per group, sorted with a comparator.
 */
function referenceDigests(
  tree: TraceTree,
  kept: Uint8Array,
  anchors: Int32Array,
  labels: Float64Array,
): Map<number, Uint8Array> {
  const self = selfTimes(tree);
  type Group = { span: number; callee: string; sum: number; count: number };
  const regions = new Map<number, Map<number, Group[]>>();
  for (let i = 0; i < tree.spans.length; i++) {
    const anchor = anchors[i]!;
    if (kept[i] === 1 || anchor < 0) continue;
    let region = regions.get(anchor);
    if (region === undefined) {
      region = new Map();
      regions.set(anchor, region);
    }
    const callee = calleeIn(tree, i);
    const log = Math.log2(1 + self[i]! / 1000) * TIMING_STEPS_PER_DOUBLING;
    const groups = region.get(labels[i]!);
    const group = groups?.find((g) => g.callee === callee);
    if (group !== undefined) {
      group.sum += log;
      group.count++;
    } else if (groups !== undefined) groups.push({ span: i, callee, sum: log, count: 1 });
    else region.set(labels[i]!, [{ span: i, callee, sum: log, count: 1 }]);
  }
  const digests = new Map<number, Uint8Array>();
  for (const [anchor, region] of regions) {
    const keyed = [...region.values()].flat().map((g) => {
      const span = tree.spans[g.span]!;
      const key = digestKey(span.resource.serviceName, span.name, g.callee);
      return { key, value: Math.min(MAX_TIMING_VALUE, Math.round(g.sum / g.count)) };
    });
    keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    digests.set(anchor, Uint8Array.from([timingValue(self[anchor]!), ...keyed.map((k) => k.value)]));
  }
  return digests;
}

/** A random tree, some of its spans given a fresh resource of the same service, and a keep mask. */
function sampledTree(depth: number, width: number) {
  return fc.tuple(
    nodeSpec(depth, width),
    fc.array(fc.boolean(), { maxLength: 400 }),
    fc.array(fc.boolean(), { maxLength: 400 }),
  );
}

function treeOf(spec: NodeSpec, fresh: boolean[]): TraceTree {
  const trace = traceOf(spec, 1);
  const spans = trace.spans.map((s, i) =>
    fresh[i] === true
      ? { ...s, resource: makeResource([stringAttr('service.name', s.resource.serviceName)]) }
      : s,
  );
  return buildTraceTree({ traceId: trace.traceId, spans });
}

describe('regionTimingDigests', () => {
  const labels = new LabelHashCache();

  for (const [size, depth, width] of [
    ['small', 3, 4],
    ['large', 4, 6],
  ] as const) {
    it(`gives the reference bytes for every kept span on ${size} trees, call after call`, () => {
      fc.assert(
        fc.property(sampledTree(depth, width), ([spec, mask, fresh]) => {
          const tree = treeOf(spec, fresh);
          const kept = new Uint8Array(tree.spans.length);
          for (let i = 0; i < kept.length; i++) kept[i] = i === tree.tops[0] || mask[i] === true ? 1 : 0;
          const anchors = anchorsOf(tree, kept);
          const expected = referenceDigests(tree, kept, anchors, labels.of(tree));
          const found = regionTimingDigests(tree, kept, anchors);
          for (let i = -1; i <= tree.spans.length; i++) expect(found.get(i)).toEqual(expected.get(i));
          expect(timingDigests(tree, kept, anchors)).toEqual(expected);
        }),
        { numRuns: size === 'small' ? 300 : 60 },
      );
    });
  }

  it('gives the reference bytes for a region with hundreds of groups (the packed sort)', () => {
    const children: NodeSpec[] = [];
    for (let k = 0; k < 300; k++)
      children.push({ service: `s${k % 7}`, name: `op-${(k * 37) % 150}é`, durationUs: k });
    const tree = buildTraceTree(traceOf({ service: 'root', name: 'r', children }, 2));
    const kept = new Uint8Array(tree.spans.length);
    kept[tree.tops[0]!] = 1;
    const anchors = anchorsOf(tree, kept);
    const expected = referenceDigests(tree, kept, anchors, labels.of(tree));
    for (let call = 0; call < 3; call++) {
      expect(regionTimingDigests(tree, kept, anchors).get(tree.tops[0]!)).toEqual(
        expected.get(tree.tops[0]!),
      );
    }
  });
});

describe('DigestKeyIds', () => {
  const resource = (service: string) => makeResource([stringAttr('service.name', service)]);

  it('gives equal keys one id across resource objects, and ranks ids in key string order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(word, word, word), { minLength: 1, maxLength: 60 }), (triples) => {
        const ids = new DigestKeyIds();
        ids.begin();
        const got = triples.map(([s, n, c]) => ids.id(resource(s), n, c));
        triples.forEach(([s, n, c], k) => {
          expect(ids.key(got[k]!)).toBe(digestKey(resource(s).serviceName, n, c));
          expect(ids.id(resource(s), n, c)).toBe(got[k]);
        });
        let ranks: Int32Array | undefined;
        for (let tries = 0; ranks === undefined; tries++) {
          expect(tries).toBeLessThanOrEqual(ids.size);
          ranks = ids.ranksFor(ids.size, 1);
        }
        const byKey = [...Array(ids.size).keys()].sort((a, b) => (ids.key(a) < ids.key(b) ? -1 : 1));
        expect(byKey.map((id) => ranks[id])).toEqual([...Array(ids.size).keys()]);
      }),
      { numRuns: 300 },
    );
  });

  it('is cleared past its bound only when a trace begins', () => {
    const ids = new DigestKeyIds(2);
    ids.begin();
    for (let k = 0; k < 5; k++) ids.id(resource('svc'), `op${k}`, '');
    expect(ids.size).toBe(5);
    expect(ids.key(4)).toBe(digestKey('svc', 'op4', ''));
    ids.begin();
    expect(ids.size).toBe(0);
    expect(ids.id(resource('svc'), 'op4', 'db')).toBe(0);
  });
});
