import { gzipSync } from 'node:zlib';
import { buildTraceTree, drop, keep, makeResource, stringAttr } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import { describe, expect, it } from 'vitest';
import { traceOf } from '../../../packages/core/test/traces.js';
import { BLOCK_BYTES, BlockCompressor, gzipSize } from './block-compressor.js';
import { FaultMatcher } from './fault-matcher.js';
import { plainOutput } from './plain-output.js';

const chain = traceOf(
  {
    service: 'a',
    name: 'root',
    children: [
      {
        service: 'b',
        name: 'mid',
        children: [
          { service: 'c', name: 'leaf' },
          { service: 'c', name: 'leaf2' },
        ],
      },
    ],
  },
  1,
);

describe('plainOutput', () => {
  it('re-parents kept spans to their nearest kept ancestor and adds nothing', () => {
    const tree = buildTraceTree(chain);
    const order = tree.spans.map((s) => s.name);
    const decisions = order.map((name) => (name === 'mid' ? drop('normal') : keep('sampled')));
    const out = plainOutput({ tree, decisions });
    expect(out.map((s) => s.name)).toEqual(['root', 'leaf', 'leaf2']);
    const rootId = out[0]!.spanId;
    expect(out.slice(1).every((s) => s.parentSpanId === rootId)).toBe(true);
    expect(out.every((s, i) => s.attributes === tree.spans[order.indexOf(out[i]!.name)]!.attributes)).toBe(
      true,
    );
  });

  it('returns the tree spans themselves when everything is kept, nothing when nothing is', () => {
    const tree = buildTraceTree(chain);
    expect(plainOutput({ tree, decisions: tree.spans.map(() => keep('sampled')) })).toBe(tree.spans);
    expect(plainOutput({ tree, decisions: tree.spans.map(() => drop('not_sampled')) })).toEqual([]);
  });
});

describe('FaultMatcher', () => {
  const podResource = makeResource([stringAttr('service.name', 'b'), stringAttr('k8s.pod.name', 'b-1-2')]);
  const start = chain.spans[1]!.startTimeUnixNano;
  const end = chain.spans[1]!.endTimeUnixNano;
  const withPod = {
    ...chain,
    spans: chain.spans.map((s) => (s.name === 'mid' ? { ...s, resource: podResource } : s)),
  };

  it('pod-window: the pod when the fault names one, else the service; windows are half-open', () => {
    const tree = buildTraceTree(withPod);
    const mid = tree.spans.findIndex((s) => s.name === 'mid');
    const fault = (extra: Partial<Fault>): Fault => ({
      id: 'f',
      type: 't',
      service: 'b',
      start,
      end,
      ...extra,
    });
    expect(new FaultMatcher([fault({ pod: 'b-1-2' })], 'pod-window').classify(tree)[mid]).toBe(0);
    expect(new FaultMatcher([fault({ pod: 'b-9-9' })], 'pod-window').classify(tree)[mid]).toBe(-1);
    expect(new FaultMatcher([fault({})], 'pod-window').classify(tree)[mid]).toBe(0);
    expect(new FaultMatcher([fault({ start: end, end: end + 5n })], 'pod-window').classify(tree)[mid]).toBe(
      -1,
    );
    expect(
      new FaultMatcher([fault({ start: start - 5n, end: start })], 'pod-window').classify(tree)[mid],
    ).toBe(-1);
    const both = new FaultMatcher([fault({ service: 'z' }), fault({ id: 'g' })], 'pod-window').classify(tree);
    expect([...both].filter((f) => f >= 0)).toEqual([1]);
  });

  it('ids: exactly the listed spans, whatever their time or service', () => {
    const tree = buildTraceTree(chain);
    const leaf = tree.spans.find((s) => s.name === 'leaf')!;
    const fault: Fault = {
      id: 'f',
      type: 't',
      service: 'zzz',
      start: 0n,
      end: 1n,
      faultySpanIds: [leaf.spanId],
    };
    const faultOf = new FaultMatcher([fault], 'ids').classify(tree);
    expect(tree.spans.filter((_, i) => faultOf[i] === 0).map((s) => s.name)).toEqual(['leaf']);
  });
});

describe('BlockCompressor', () => {
  it('compresses whole blocks across add() boundaries and the rest on flush', () => {
    const bytes = new Uint8Array(BLOCK_BYTES + 1000).map((_, i) => (i * 31) % 251);
    const sizes: number[] = [];
    const compressor = new BlockCompressor((block) => {
      sizes.push(block.length);
      return 7;
    });
    compressor.add(bytes.subarray(0, 10));
    compressor.add(bytes.subarray(10));
    expect(sizes).toEqual([BLOCK_BYTES]);
    compressor.flush();
    compressor.flush();
    expect(sizes).toEqual([BLOCK_BYTES, 1000]);
    expect(compressor.zstdTotal).toBe(14);
    expect(compressor.gzipBytes).toBe(
      gzipSize(bytes.subarray(0, BLOCK_BYTES)) + gzipSize(bytes.subarray(BLOCK_BYTES)),
    );
    expect(gzipSize(bytes.subarray(BLOCK_BYTES))).toBe(gzipSync(bytes.subarray(BLOCK_BYTES)).length);
  });

  it('reports zstd as null without a codec', () => {
    const compressor = new BlockCompressor(undefined);
    compressor.add(new Uint8Array(10));
    compressor.flush();
    expect(compressor.zstdTotal).toBeNull();
    expect(compressor.gzipBytes).toBeGreaterThan(0);
  });
});
