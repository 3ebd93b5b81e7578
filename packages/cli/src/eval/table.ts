import type { EvalReport, RcaScore, SamplerResult } from '@autoscope/eval';

const COLUMNS: readonly [string, (r: SamplerResult) => string][] = [
  ['sampler', (r) => r.sampler],
  ['budget', (r) => `${r.budget ?? ''} ${pct(r.keepRatio)}`.trim()],
  ['size-', (r) => pct(r.sizeReduction)],
  ['gzip-', (r) => pct(r.compressed.gzipSizeReduction)],
  ['zstd-', (r) => (r.compressed.zstdSizeReduction === null ? 'n/a' : pct(r.compressed.zstdSizeReduction))],
  ['spans-', (r) => pct(r.spanReduction)],
  ['faulty kept', (r) => pct(r.faultySpanCoverage)],
  ['normal kept', (r) => pct(r.normalSpanCoverage)],
  ['retrievable', (r) => pct(r.traceRetrievability)],
  ['intact', (r) => pct(r.structureIntegrity)],
  ['RCA MRR', (r) => `${r.rca.mrr.toFixed(3)} ${r.rca.method}`],
  ['ns/span', (r) => Math.round(r.nsPerSpan).toLocaleString('en-US')],
];

/** The terminal table of an evaluation: a header, one row per sampler, RCA on the full data. */
export function formatEvalTable(report: EvalReport): string {
  const rows = [
    COLUMNS.map(([title]) => title),
    ...report.results.map((r) => COLUMNS.map(([, cell]) => cell(r))),
  ];
  const widths = COLUMNS.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (row: readonly string[]) =>
    row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  const header = [
    `dataset ${report.dataset}: ${report.traces.toLocaleString('en-US')} traces, ${report.spans.toLocaleString('en-US')} spans, ${report.faults} faults (${report.faultyDefinition})`,
    `RCA on the full data: ${formatRca(report.rcaFull)}`,
    '',
  ];
  const table = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  const sweep =
    report.sweep === undefined ? [] : ['', `sweep: ${report.sweep.length} points (see --json / --html)`];
  const seconds = report.seconds === undefined ? [] : [`done in ${report.seconds.toFixed(1)}s`];
  return `${[...header, ...table, ...sweep, ...seconds].join('\n')}\n`;
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function formatRca(scores: Readonly<Record<string, RcaScore>>): string {
  const parts = Object.entries(scores).map(
    ([name, s]) => `${name} MRR ${s.mrr.toFixed(3)} top1 ${pct(s.top1)} top3 ${pct(s.top3)}`,
  );
  return parts.length === 0 ? 'no RCA methods' : parts.join('; ');
}
