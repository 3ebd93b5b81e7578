import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type NodeSpec, traceOf } from '../../test/traces.js';
import { LabelHashCache } from '../structure/label-hash-cache.js';
import { buildTraceTree, type TraceTree } from '../trace-tree.js';
import { compareDigestKeys, smallTimingDigests } from './small-timing-digests.js';
import { digestKey, timingDigests } from './timing-digest.js';

/** Names that make digest keys share prefixes, or contain the key's own separators. */
const WORDS = ['a', 'ab', 'a\u0000b', 'a\u0001', 'a\u0002', '', 'b', 'é', '\uffff'];
const word = fc.constantFrom(...WORDS);

function nodeSpec(depth: number): fc.Arbitrary<NodeSpec> {
  const children = depth <= 0 ? fc.constant([]) : fc.array(nodeSpec(depth - 1), { maxLength: 4 });
  return fc.record({
    service: word,
    name: word,
    durationUs: fc.integer({ min: 0, max: 5_000 }),
    children,
  });
}

function anchorsOf(tree: TraceTree, kept: Uint8Array): Int32Array {
  const anchors = new Int32Array(tree.spans.length).fill(-1);
  for (const i of tree.preorder) {
    const p = tree.parent[i]!;
    anchors[i] = p < 0 ? -1 : kept[p] === 1 ? p : anchors[p]!;
  }
  return anchors;
}

describe('compareDigestKeys', () => {
  it('orders as the digest key strings do', () => {
    fc.assert(
      fc.property(word, word, word, word, word, word, (s1, n1, c1, s2, n2, c2) => {
        const a = digestKey(s1, n1, c1);
        const b = digestKey(s2, n2, c2);
        expect(Math.sign(compareDigestKeys(s1, n1, c1, s2, n2, c2))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('smallTimingDigests', () => {
  it('gives the bytes of timingDigests for every kept span, call after call', () => {
    const labels = new LabelHashCache();
    fc.assert(
      fc.property(nodeSpec(3), fc.array(fc.boolean(), { maxLength: 64 }), (spec, mask) => {
        const tree = buildTraceTree(traceOf(spec, 1));
        const kept = new Uint8Array(tree.spans.length);
        for (let i = 0; i < kept.length; i++) kept[i] = i === tree.tops[0] || mask[i] === true ? 1 : 0;
        const anchors = anchorsOf(tree, kept);
        const hashes = labels.of(tree);
        const expected = timingDigests(tree, kept, anchors, hashes);
        const small = smallTimingDigests(tree, kept, anchors, hashes);
        for (let i = -1; i <= tree.spans.length; i++) expect(small.get(i)).toEqual(expected.get(i));
      }),
      { numRuns: 300 },
    );
  });
});
