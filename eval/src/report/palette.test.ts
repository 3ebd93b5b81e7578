import { describe, expect, it } from 'vitest';
import { AUTOSCOPE_COLOURS, isAutoscope, samplerColours, samplerNames } from './palette.js';
import { buildEvalReport } from './test/fixture.js';

describe('palette', () => {
  it('recognises Autoscope and its variants by name', () => {
    expect(['autoscope', 'Autoscope+static', 'head', 'my-autoscope'].map(isAutoscope)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('gives every sampler its own colour, Autoscope variants in blues', () => {
    const names = ['head', 'autoscope', 'autoscope+static', ...Array.from({ length: 8 }, (_, i) => `b${i}`)];
    const colours = samplerColours(names);
    expect(colours.get('autoscope')).toBe(AUTOSCOPE_COLOURS[0]);
    expect(colours.get('autoscope+static')).toBe(AUTOSCOPE_COLOURS[1]);
    expect(new Set(colours.values()).size).toBe(names.length);
  });

  it('names samplers in results order, then those only in the sweep', () => {
    const report = buildEvalReport();
    const sweep = [...(report.sweep ?? []), { ...report.sweep![0]!, sampler: 'only-swept' }];
    expect(samplerNames({ ...report, sweep }).slice(-2)).toEqual(['tracemesh', 'only-swept']);
  });
});
