import { buildTraceTree } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { typicalTrace } from '../../../packages/core/test/traces.js';
import { SAMPLER_ENTRIES, SAMPLERS } from './registry.js';

describe('sampler registry', () => {
  it('lists autoscope and the six baselines, each named as registered and describing itself on one line', () => {
    expect(Object.keys(SAMPLERS).sort()).toEqual(
      ['autoscope', 'elastic', 'head', 'partial-granularity', 'span-random', 'tail', 'tracemesh'].sort(),
    );
    for (const [name, factory] of Object.entries(SAMPLERS)) {
      const strategy = factory({ keepRatio: 0.2, seed: 1 });
      expect(strategy.name).toBe(name);
      expect(strategy.describe()).not.toMatch(/\n/);
      expect(SAMPLER_ENTRIES[name]!.description.length).toBeGreaterThan(10);
      const tree = buildTraceTree(typicalTrace(1));
      expect(strategy.decide(tree).decisions).toHaveLength(tree.spans.length);
    }
  });

  it('rejects an out-of-range keepRatio in every budgeted baseline', () => {
    for (const name of ['head', 'tail', 'span-random', 'elastic', 'tracemesh']) {
      expect(() => SAMPLERS[name]!({ keepRatio: -0.1, seed: 1 }), name).toThrow(/keepRatio/);
    }
  });
});

describe('live targets', () => {
  it('every ratio-budgeted baseline follows its live target: keeps nothing at 0 and every trace at 1', () => {
    const trees = Array.from({ length: 200 }, (_, i) => buildTraceTree(typicalTrace(i + 1)));
    for (const [name, entry] of Object.entries(SAMPLER_ENTRIES)) {
      if (entry.budget !== 'ratio') continue;
      let target = 1;
      const sampler = entry.create({ keepRatio: 0.5, seed: 3, target: () => target });
      const keptAt = (value: number) => {
        target = value;
        let kept = 0;
        let total = 0;
        for (const tree of trees) {
          const { decisions } = sampler.decide(tree);
          for (const d of decisions) if (d.keep) kept++;
          total += decisions.length;
        }
        return kept / total;
      };
      const high = keptAt(1);
      const low = keptAt(0);
      expect(high, name).toBeGreaterThan(0.6);
      expect(low, name).toBeLessThan(high / 2);
    }
  });
});
