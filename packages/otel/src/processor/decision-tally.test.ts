import { MetricsRegistry } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { ProcessorMetrics } from '../metrics/processor-metrics.js';
import { DecisionTally } from './decision-tally.js';

function counterValue(registry: MetricsRegistry, name: string, labels?: Record<string, string>): number {
  const metric = registry.get(name);
  if (metric?.type !== 'counter') throw new Error(`no counter ${name}`);
  return metric.get(labels);
}

describe('DecisionTally', () => {
  it('writes every count once on flush, dropped spans by reason across runs of reasons', () => {
    const registry = new MetricsRegistry();
    const metrics = new ProcessorMetrics({ registry }, () => 0);
    const tally = new DecisionTally();
    tally.sampled += 3;
    tally.placeholders += 1;
    tally.late += 2;
    tally.bytesIn += 100;
    tally.bytesOut += 40;
    for (const reason of ['normal', 'normal', 'repeat', 'normal', 'implied', 'implied'])
      tally.drop(reason, 1);
    tally.drop('normal', 5);
    expect(counterValue(registry, 'autoscope_sampled_spans_total')).toBe(0);
    tally.flush(metrics);
    expect(counterValue(registry, 'autoscope_sampled_spans_total')).toBe(3);
    expect(counterValue(registry, 'autoscope_placeholder_spans_total')).toBe(1);
    expect(counterValue(registry, 'autoscope_late_spans_total')).toBe(2);
    expect(counterValue(registry, 'autoscope_bytes_in_total')).toBe(100);
    expect(counterValue(registry, 'autoscope_bytes_out_total')).toBe(40);
    const dropped = (reason: string) => counterValue(registry, 'autoscope_dropped_spans_total', { reason });
    expect([dropped('normal'), dropped('repeat'), dropped('implied')]).toEqual([8, 1, 2]);
  });

  it('starts from zero after a flush (a second flush adds nothing)', () => {
    const registry = new MetricsRegistry();
    const metrics = new ProcessorMetrics({ registry }, () => 0);
    const tally = new DecisionTally();
    tally.sampled += 2;
    tally.drop('normal', 1);
    tally.flush(metrics);
    tally.flush(metrics);
    tally.drop('normal', 1);
    tally.flush(metrics);
    expect(counterValue(registry, 'autoscope_sampled_spans_total')).toBe(2);
    expect(counterValue(registry, 'autoscope_dropped_spans_total', { reason: 'normal' })).toBe(2);
  });
});
