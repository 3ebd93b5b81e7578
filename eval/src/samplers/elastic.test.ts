import { buildTraceTree } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { runStrategyContract, streamOf } from '../../../packages/core/test/strategy-contract.js';
import { typicalTrace } from '../../../packages/core/test/traces.js';
import { ElasticSampler } from './elastic.js';

runStrategyContract('elastic', ({ keepRatio, seed }) => new ElasticSampler({ keepRatio, seed }));

describe('ElasticSampler', () => {
  it('compresses consecutive similar exit siblings, keeping the first', () => {
    const sampler = new ElasticSampler({ keepRatio: 1, seed: 1, exitSpanMinDurationNanos: 0 });
    const tree = buildTraceTree(typicalTrace(3, { loop: 4 }));
    const { decisions } = sampler.decide(tree);
    const selects = tree.spans
      .map((s, i) => ({ s, d: decisions[i]! }))
      .filter((x) => x.s.name === 'SELECT orders');
    expect(selects.map((x) => x.d.keep)).toEqual([true, false, false, false]);
    expect(selects[1]!.d.reason).toBe('repeat');
    const others = tree.spans.filter((s, i) => s.name !== 'SELECT orders' && !decisions[i]!.keep);
    expect(others).toEqual([]);
  });

  it('drops exit spans faster than a fixed exit_span_min_duration, never errors or non-exit spans', () => {
    const sampler = new ElasticSampler({ keepRatio: 1, seed: 1, exitSpanMinDurationNanos: 400_000 });
    const tree = buildTraceTree(typicalTrace(0, { loop: 1, error: true }));
    const { decisions } = sampler.decide(tree);
    const droppedNames = tree.spans.filter((_, i) => !decisions[i]!.keep).map((s) => s.name);
    expect(droppedNames.sort()).toEqual(['INSERT payments', 'SELECT orders']);
  });

  it('learns a threshold and sample rate that bring the kept fraction of spans near keepRatio', () => {
    const sampler = new ElasticSampler({ keepRatio: 0.5, seed: 4 });
    let kept = 0;
    let total = 0;
    streamOf(4000).forEach((trace, i) => {
      const { decisions } = sampler.decide(buildTraceTree(trace));
      if (i < 1000) return;
      total += decisions.length;
      kept += decisions.filter((d) => d.keep).length;
    });
    expect(Math.abs(kept / total - 0.5)).toBeLessThan(0.05);
    expect(sampler.exitSpanMinDuration()).toBeGreaterThan(0);
  });
});
