import { buildTraceTree } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { runStrategyContract, streamOf } from '../../../packages/core/test/strategy-contract.js';
import { traceOf, typicalTrace } from '../../../packages/core/test/traces.js';
import { encodeTrace, hammingDistance, sketchOf } from './trace-sketch.js';
import { TraceMeshSampler } from './tracemesh.js';

runStrategyContract('tracemesh', ({ keepRatio, seed }) => new TraceMeshSampler({ keepRatio, seed }));

function rareTrace(i: number) {
  return traceOf(
    {
      service: 'gateway',
      name: 'POST /refund',
      durationUs: 9000,
      children: [
        {
          service: 'refunds',
          name: 'RefundController.create',
          children: [{ service: 'ledger', name: 'append' }],
        },
      ],
    },
    i,
  );
}

describe('TraceMeshSampler', () => {
  it('keeps a rare-shape trace far more often than a common one', () => {
    const sampler = new TraceMeshSampler({ keepRatio: 0.1, seed: 3 });
    const counts = { rare: [0, 0], common: [0, 0] };
    for (let i = 0; i < 6000; i++) {
      const rare = i % 100 === 37;
      const trace = rare ? rareTrace(i) : typicalTrace(i);
      const keptTrace = sampler.decide(buildTraceTree(trace)).decisions[0]!.keep;
      if (i < 1000) continue;
      const c = rare ? counts.rare : counts.common;
      c[0]! += keptTrace ? 1 : 0;
      c[1]! += 1;
    }
    const rareRate = counts.rare[0]! / counts.rare[1]!;
    const commonRate = counts.common[0]! / counts.common[1]!;
    expect(rareRate).toBeGreaterThan(0.5);
    expect(rareRate).toBeGreaterThan(4 * commonRate);
  });

  it('sketches same-shape traces close together and different shapes far apart', () => {
    const sketch = (trace: ReturnType<typeof typicalTrace>) =>
      sketchOf(encodeTrace(buildTraceTree(trace), 1), 1);
    const a = sketch(typicalTrace(1));
    const b = sketch(typicalTrace(2));
    const c = sketch(rareTrace(3));
    expect(hammingDistance(a, b)).toBeLessThan(hammingDistance(a, c));
    expect(hammingDistance(a, c)).toBeGreaterThan(30);
  });

  it('holds keepRatio of spans over a warm stream and tracks a bounded set of patterns', () => {
    const sampler = new TraceMeshSampler({ keepRatio: 0.2, seed: 8 });
    let kept = 0;
    let total = 0;
    streamOf(5000).forEach((trace, i) => {
      const { decisions } = sampler.decide(buildTraceTree(trace));
      if (i < 1000) return;
      total += decisions.length;
      kept += decisions.filter((d) => d.keep).length;
    });
    expect(Math.abs(kept / total - 0.2)).toBeLessThan(0.04);
    expect(sampler.patternCount).toBeLessThanOrEqual(1000);
  });
});
