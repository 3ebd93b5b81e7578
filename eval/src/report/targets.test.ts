import { describe, expect, it } from 'vitest';
import { bestFullMrr, targetChecks } from './targets.js';
import { buildEvalReport, fixtureResult } from './test/fixture.js';

describe('targetChecks', () => {
  const report = buildEvalReport();
  const ours = report.results[0]!;

  it('checks every target of the issue against the Autoscope result', () => {
    const checks = targetChecks(report, ours);
    expect(checks.map((c) => c.met)).toEqual([true, true, true, true, true, true]);
    expect(checks[4]?.measured).toBe('0.710 vs 0.712');
    expect(checks[5]?.target).toBe('RCA MRR above every trace-level baseline (head, tail, tracemesh)');
  });

  it('marks targets missed at their exact boundaries', () => {
    const weak = { ...fixtureResult('autoscope', 0.8499, 0.9899), traceRetrievability: 0.9999 };
    const checks = targetChecks(report, { ...weak, rca: { ...weak.rca, mrr: 0.69 } });
    expect(checks.map((c) => c.met)).toEqual([false, false, false, true, false, true]);
    const edge = fixtureResult('autoscope', 0.85, 0.99);
    expect(
      targetChecks(report, edge)
        .slice(0, 2)
        .map((c) => c.met),
    ).toEqual([true, true]);
  });

  it('misses the MRR target when the full data has no score for the method, and drops the rival check without rivals', () => {
    const alone = { ...report, rcaFull: {}, results: [ours] };
    const checks = targetChecks(alone, ours);
    expect(checks).toHaveLength(5);
    expect(checks[4]?.met).toBe(false);
    expect(checks[4]?.measured).toBe('0.710 vs n/a');
    expect(bestFullMrr(alone)).toBeUndefined();
    expect(bestFullMrr(report)).toBe(0.712);
  });
});
