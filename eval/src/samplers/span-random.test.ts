import { buildTraceTree } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { runStrategyContract, streamOf } from '../../../packages/core/test/strategy-contract.js';
import { SpanRandomSampler } from './span-random.js';

runStrategyContract('span-random', ({ keepRatio, seed }) => new SpanRandomSampler({ keepRatio, seed }));

describe('SpanRandomSampler', () => {
  it('keeps about keepRatio of spans, counting the forced roots against it', () => {
    const sampler = new SpanRandomSampler({ keepRatio: 0.4, seed: 9 });
    let kept = 0;
    let total = 0;
    for (const trace of streamOf(3000)) {
      const { decisions } = sampler.decide(buildTraceTree(trace));
      total += decisions.length;
      kept += decisions.filter((d) => d.keep).length;
    }
    expect(Math.abs(kept / total - 0.4)).toBeLessThan(0.02);
  });

  it('drops spans inside a trace independently (some traces partly kept) and differs by seed', () => {
    const a = new SpanRandomSampler({ keepRatio: 0.5, seed: 1 });
    const b = new SpanRandomSampler({ keepRatio: 0.5, seed: 2 });
    let partial = 0;
    let differ = 0;
    for (const trace of streamOf(200)) {
      const tree = buildTraceTree(trace);
      const da = a.decide(tree).decisions.map((d) => d.keep);
      const db = b.decide(tree).decisions.map((d) => d.keep);
      if (da.some((k) => !k)) partial++;
      if (da.join() !== db.join()) differ++;
    }
    expect(partial).toBeGreaterThan(150);
    expect(differ).toBeGreaterThan(100);
  });
});
