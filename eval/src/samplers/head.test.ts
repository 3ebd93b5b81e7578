import { buildTraceTree } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { runStrategyContract } from '../../../packages/core/test/strategy-contract.js';
import { typicalTrace } from '../../../packages/core/test/traces.js';
import { HeadSampler, traceRandomness } from './head.js';

runStrategyContract('head', ({ keepRatio, seed }) => new HeadSampler({ keepRatio, seed }));

describe('HeadSampler', () => {
  it('keeps about keepRatio of 10k traces, whole or not at all', () => {
    const sampler = new HeadSampler({ keepRatio: 0.1, seed: 3 });
    let keptTraces = 0;
    for (let i = 0; i < 10_000; i++) {
      const { decisions } = sampler.decide(buildTraceTree(typicalTrace(i)));
      const keptSpans = decisions.filter((d) => d.keep).length;
      expect([0, decisions.length]).toContain(keptSpans);
      if (keptSpans > 0) keptTraces++;
    }
    expect(keptTraces / 10_000).toBeGreaterThan(0.09);
    expect(keptTraces / 10_000).toBeLessThan(0.11);
  });

  it('is consistent across ratios: a trace kept at 0.1 is kept at 0.5', () => {
    const low = new HeadSampler({ keepRatio: 0.1, seed: 1 });
    const high = new HeadSampler({ keepRatio: 0.5, seed: 1 });
    for (let i = 0; i < 2000; i++) {
      const tree = buildTraceTree(typicalTrace(i));
      if (low.decide(tree).decisions[0]?.keep) expect(high.decide(tree).decisions[0]?.keep).toBe(true);
    }
    expect(traceRandomness(1, 'ab')).toBeLessThan(2 ** 56);
  });

  it('rejects a keepRatio outside 0..1 naming the option, and samples an empty trace without throwing', () => {
    expect(() => new HeadSampler({ keepRatio: Number.NaN, seed: 1 })).toThrow(/head\.keepRatio/);
    expect(() => new HeadSampler({ keepRatio: 1.5, seed: 1 })).toThrow(/head\.keepRatio/);
    const empty = buildTraceTree({ traceId: '', spans: [] });
    expect(new HeadSampler({ keepRatio: 1, seed: 1 }).decide(empty).decisions).toEqual([]);
  });
});
