import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runEval } from './run-eval.js';

const TRAINTICKET = resolve(import.meta.dirname, '../../../../shared/datasets/nezha-trainticket');
const present = existsSync(TRAINTICKET);

describe.skipIf(!present)(
  'runEval on TrainTicket day 2023-01-30 (skipped when ../shared/datasets is absent)',
  () => {
    it('reads the day, measures every sampler at equal bytes and keeps every trace retrievable', async () => {
      const report = await runEval({ dataset: TRAINTICKET, day: '2023-01-30' });
      expect(report).toMatchObject({
        traces: 2475,
        spans: 178_156,
        faults: 17,
        faultyDefinition: 'pod-window',
      });
      const autoscope = report.results.find((r) => r.sampler === 'autoscope')!;
      expect(autoscope).toMatchObject({ traceRetrievability: 1, structureIntegrity: 1 });
      for (const r of report.results.filter((r) => r.budget === 'equal-bytes')) {
        expect(Math.abs(r.bytesOut - autoscope.bytesOut) / autoscope.bytesOut, r.sampler).toBeLessThan(0.02);
      }
      expect(report.results.find((r) => r.sampler === 'partial-granularity')!.budget).toBe('none');
      for (const score of Object.values(report.rcaFull)) expect(score.cases).toBe(17);
      expect(report.example!.before.length).toBeGreaterThan(report.example!.after.length);
    });
  },
);
