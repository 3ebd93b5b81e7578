import type { TraceTree } from '@autoscope/core';
import { spanNanos } from './common.js';
import { combine32, hash32 } from './hash.js';

/** Sketch length in bits (four 32-bit words). */
export const SKETCH_BITS = 128;
const WORDS = SKETCH_BITS / 32;

/**
 * TraceMesh's encoding: one dimension per call path (the hashed root-to-span chain of service/name
 * labels), holding the transformed duration (`log1p` of microseconds) of the spans ending that path,
 * summed over repeats. Unseen paths need no registration: dimensions are hashes.
 */
export function encodeTrace(tree: TraceTree, seed: number): Map<number, number> {
  const pathOf = new Uint32Array(tree.spans.length);
  const features = new Map<number, number>();
  for (const i of tree.preorder) {
    const span = tree.spans[i]!;
    const parent = tree.parent[i]!;
    const label = hash32(seed, `${span.resource.serviceName}\u0000${span.name}`);
    const path = combine32(parent < 0 ? 0x2545f491 : pathOf[parent]!, label);
    pathOf[i] = path;
    const value = Math.log1p(spanNanos(tree, i) / 1000);
    features.set(path, (features.get(path) ?? 0) + value);
  }
  return features;
}

/**
 * StreamHash-style locality-sensitive sketch: each bit is the sign of a random projection whose ±1
 * coefficient for a dimension comes from a seeded hash of that dimension, so the projection covers
 * dimensions never seen before at no cost. Similar vectors share most bits (small Hamming distance).
 */
export function sketchOf(features: ReadonlyMap<number, number>, seed: number): Uint32Array {
  const sums = new Float64Array(SKETCH_BITS);
  for (const [dimension, value] of features) {
    for (let w = 0; w < WORDS; w++) {
      const signs = combine32(dimension, seed + w * 0x9e3779b9);
      for (let b = 0; b < 32; b++) sums[w * 32 + b]! += (signs >>> b) & 1 ? value : -value;
    }
  }
  const sketch = new Uint32Array(WORDS);
  for (let bit = 0; bit < SKETCH_BITS; bit++) {
    if (sums[bit]! > 0) sketch[bit >>> 5]! |= 1 << (bit & 31);
  }
  return sketch;
}

/** Number of differing bits between two sketches. */
export function hammingDistance(a: Uint32Array, b: Uint32Array): number {
  let distance = 0;
  for (let w = 0; w < WORDS; w++) distance += popcount32((a[w]! ^ b[w]!) >>> 0);
  return distance;
}

function popcount32(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
