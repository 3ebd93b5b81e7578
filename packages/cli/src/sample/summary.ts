import type { SampleSummary } from './run-sample.js';

/** The human-readable summary of `autoscope sample`. */
export function formatSampleSummary(s: SampleSummary): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const rows: [string, string][] = [
    ['input', `${s.input} (${s.format})`],
    ['output', s.output],
    ['sampler', s.sampler],
    ['traces', s.traces.toLocaleString()],
    [
      'spans in / out',
      `${s.spansIn.toLocaleString()} / ${s.spansOut.toLocaleString()} (${pct(s.spanReduction)} fewer)`,
    ],
    [
      'OTLP bytes in / out',
      `${s.bytesIn.toLocaleString()} / ${s.bytesOut.toLocaleString()} (${pct(s.sizeReduction)} smaller)`,
    ],
    ['kept by reason', formatCounts(s.kept)],
    ['dropped by reason', formatCounts(s.dropped)],
    ['duplicates / broken links / late', `${s.duplicateSpans} / ${s.brokenParentLinks} / ${s.lateSpans}`],
    ['skipped input records', String(s.skippedRecords)],
    [
      'time',
      `${s.seconds.toFixed(1)} s (${Math.round(s.spansIn / Math.max(s.seconds, 1e-9)).toLocaleString()} spans/s)`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  for (const problem of s.problems) lines.push(`problem: ${problem}`);
  return `${lines.join('\n')}\n`;
}

function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '-' : entries.map(([k, v]) => `${k} ${v.toLocaleString()}`).join(', ');
}
