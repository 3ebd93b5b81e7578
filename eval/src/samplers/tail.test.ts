import { buildTraceTree } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { runStrategyContract, streamOf } from '../../../packages/core/test/strategy-contract.js';
import { typicalTrace } from '../../../packages/core/test/traces.js';
import { TailSampler } from './tail.js';

runStrategyContract('tail', ({ keepRatio, seed }) => new TailSampler({ keepRatio, seed }));

describe('TailSampler', () => {
  it('keeps every error trace, whole', () => {
    const sampler = new TailSampler({ keepRatio: 0.05, seed: 1 });
    for (let i = 0; i < 2000; i++) {
      const error = i % 37 === 5;
      const { decisions } = sampler.decide(buildTraceTree(typicalTrace(i, { error })));
      if (error) expect(decisions.every((d) => d.keep && d.reason === 'error')).toBe(true);
    }
  });

  it('learns a latency threshold and keeps slow traces beyond it', () => {
    const sampler = new TailSampler({ keepRatio: 0.05, seed: 2 });
    let slowKept = 0;
    let slow = 0;
    for (let i = 0; i < 3000; i++) {
      const isSlow = i % 101 === 100;
      const { decisions } = sampler.decide(buildTraceTree(typicalTrace(i, { slow: isSlow })));
      if (isSlow && i > 500) {
        slow++;
        if (decisions[0]?.reason === 'anomaly') slowKept++;
      }
    }
    expect(slowKept).toBe(slow);
    expect(sampler.threshold()).toBeLessThan(50_000_000);
  });

  it('approaches keepRatio of spans with the fill (warm stream)', () => {
    const sampler = new TailSampler({ keepRatio: 0.2, seed: 5, latencyThresholdNanos: 1e12 });
    let kept = 0;
    let total = 0;
    streamOf(6000).forEach((trace, i) => {
      const { decisions } = sampler.decide(buildTraceTree(trace));
      if (i < 1000) return;
      total += decisions.length;
      kept += decisions.filter((d) => d.keep).length;
    });
    expect(Math.abs(kept / total - 0.2)).toBeLessThan(0.03);
  });
});
