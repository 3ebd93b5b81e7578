import { existsSync } from 'node:fs';
import type { Span, Trace } from '@autoscope/core';
import { newReadStats, openTraceSource, readFaultList } from '@autoscope/formats';
import { describe, expect, it } from 'vitest';
import { RCA_METHODS } from './registry.js';
import { scoreRanks } from './score.js';

const DATASET = new URL('../../../../shared/datasets/nezha-trainticket/rca_data', import.meta.url).pathname;
const present = existsSync(DATASET);
if (!present)
  console.warn(`skipping the TrainTicket RCA test: ${DATASET} is absent (see shared/DATASETS.md)`);

/** Both days as whole traces (repeated rows dropped), in order of their first span. */
async function readTraces(): Promise<Trace[]> {
  const source = await openTraceSource(DATASET, 'csv', newReadStats());
  const traces = new Map<string, Map<string, Span>>();
  for await (const batch of source.batches) {
    for (const span of batch) {
      let spans = traces.get(span.traceId);
      if (spans === undefined) {
        spans = new Map();
        traces.set(span.traceId, spans);
      }
      if (!spans.has(span.spanId)) spans.set(span.spanId, span);
    }
  }
  const list = [...traces].map(([traceId, spans]) => ({ traceId, spans: [...spans.values()] }));
  return list.sort((a, b) => (firstStart(a) < firstStart(b) ? -1 : 1));
}

function firstStart(trace: Trace): bigint {
  let first = trace.spans[0]?.startTimeUnixNano ?? 0n;
  for (const span of trace.spans) if (span.startTimeUnixNano < first) first = span.startTimeUnixNano;
  return first;
}

describe.skipIf(!present)('RCA on TrainTicket (full data, both days)', () => {
  it('ranks the injected service clearly better than chance', async () => {
    const [traces, faults] = await Promise.all([readTraces(), readFaultList(DATASET)]);
    const services = new Set(traces.flatMap((t) => t.spans.map((s) => s.resource.serviceName)));
    const chance = harmonic(services.size) / services.size;
    const lines: string[] = [
      `${traces.length} traces, ${faults.length} faults, chance MRR ${chance.toFixed(3)}`,
    ];
    let best = 0;
    for (const method of RCA_METHODS) {
      const collector = method.createCollector();
      for (const trace of traces) collector.add(trace);
      const cases = faults.map((fault) => ({ ranked: collector.rank(fault), truth: fault.service }));
      const score = scoreRanks(cases);
      best = Math.max(best, score.mrr);
      lines.push(`${method.name.padEnd(18)} ${formatScore(score)} ${byType(faults, cases)}`);
      expect(score.cases).toBe(faults.length);
      expect(score.mrr).toBeGreaterThan(chance);
    }
    console.log(lines.join('\n'));
    expect(best).toBeGreaterThan(2 * chance);
  });
});

function harmonic(n: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += 1 / i;
  return sum;
}

function formatScore(s: { mrr: number; top1: number; top3: number }): string {
  return `MRR ${s.mrr.toFixed(3)} top1 ${s.top1.toFixed(3)} top3 ${s.top3.toFixed(3)}`;
}

function byType(
  faults: readonly { type: string }[],
  cases: readonly { ranked: readonly string[]; truth: string }[],
): string {
  const types = [...new Set(faults.map((f) => f.type))].sort();
  return types
    .map((type) => {
      const subset = cases.filter((_, i) => faults[i]?.type === type);
      return `${type} ${scoreRanks(subset).mrr.toFixed(2)}`;
    })
    .join(', ');
}
