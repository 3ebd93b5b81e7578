import type { EvalReport, SamplerResult } from '@autoscope/eval';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The demo's results as a plain-text table: one row per sampler, the live Autoscope row first. */
export function formatDemoTable(report: EvalReport, live: string): string {
  const rows = [...report.results].sort((a, b) => rank(a, live) - rank(b, live));
  const header = [
    'sampler',
    'size -',
    'faulty kept',
    'normal kept',
    'traces',
    'structure',
    'RCA MRR',
    'top-1',
  ];
  const body = rows.map((r) => [
    r.sampler,
    pct(r.sizeReduction),
    pct(r.faultySpanCoverage),
    pct(r.normalSpanCoverage),
    pct(r.traceRetrievability),
    pct(r.structureIntegrity),
    r.rca.mrr.toFixed(2),
    pct(r.rca.top1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const types = Object.keys(rows[0]?.faultyCoverageByType ?? {}).sort();
  const byType = rows.map(
    (r) =>
      `  ${r.sampler.padEnd(widths[0]!)}  ${types.map((t) => `${t} ${pct(r.faultyCoverageByType[t]?.coverage ?? 0)}`).join(', ')}`,
  );
  return [
    `${report.traces} traces, ${report.spans} spans, ${report.faults} injected faults (faulty spans by recorded ids)`,
    '',
    line(header),
    line(header.map((_, i) => '-'.repeat(widths[i]!))),
    ...body.map(line),
    '',
    'faulty spans kept, by fault type:',
    ...byType,
    '',
  ].join('\n');
}

function rank(result: SamplerResult, live: string): number {
  if (result.sampler === live) return 0;
  return result.sampler.startsWith('autoscope') ? 1 : 2;
}
