import type { BudgetMode, SamplerResult } from '../results.js';
import { formatBytes, formatCount, formatNanos, formatPercent, formatScore } from './format.js';
import { type Html, html } from './html.js';
import { isAutoscope } from './palette.js';
import { coverageTargetMet, sizeTargetMet } from './targets.js';

/** A met/missed badge; the word is in the text, not only in the colour. */
export function badge(met: boolean): Html {
  return met ? html`<span class="badge met">met</span>` : html`<span class="badge missed">missed</span>`;
}

const BUDGET_LABELS: Readonly<Record<BudgetMode, string>> = {
  engine: 'own byte budget',
  'equal-bytes': "Autoscope's bytes",
  'fixed-bytes': 'fixed bytes',
  none: 'no budget',
  external: 'sampled elsewhere',
};

const HEADERS = [
  'Sampler',
  'Budget',
  'Bytes out',
  'Size reduction (target ≥ 85%)',
  'After gzip / zstd',
  'Spans kept',
  'Faulty spans kept (target ≥ 99%)',
  'Normal spans kept',
  'Traces retrievable',
  'Structure intact',
  'RCA (best method)',
  'Decision cost',
] as const;

/** The results table: one row per sampler, every metric that matters, Autoscope highlighted, targets marked. */
export function resultsTable(results: readonly SamplerResult[]): Html {
  if (results.length === 0) return html`<p class="note">No sampler results in this report.</p>`;
  return html`<div class="table-wrap"><table class="results" aria-label="Results per sampler at the default budget">
<thead><tr>${HEADERS.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${results.map(row)}</tbody>
</table></div>`;
}

function row(r: SamplerResult): Html {
  const cls = isAutoscope(r.sampler) ? 'autoscope' : '';
  const c = r.compressed;
  return html`<tr class="${cls}" data-sampler="${r.sampler}">
<th scope="row"><span class="sampler">${r.sampler}</span><small>${r.description}</small></th>
<td>${formatPercent(r.keepRatio)}${r.budget === undefined ? '' : html`<small>${BUDGET_LABELS[r.budget]}</small>`}</td>
<td>${formatBytes(r.bytesOut)}<small>of ${formatBytes(r.bytesIn)}</small></td>
<td>${formatPercent(r.sizeReduction)} ${badge(sizeTargetMet(r))}</td>
<td title="gzip ${formatBytes(c.gzipIn)} → ${formatBytes(c.gzipOut)}, zstd ${formatBytes(c.zstdIn)} → ${formatBytes(c.zstdOut)}">${formatPercent(c.gzipSizeReduction)}<small>zstd ${formatPercent(c.zstdSizeReduction)}</small></td>
<td>${formatCount(r.spansOut)}<small>of ${formatCount(r.spansIn)}</small><small>${formatPercent(r.spanReduction)} fewer</small></td>
<td>${formatPercent(r.faultySpanCoverage, 2)} ${badge(coverageTargetMet(r))}<small>${formatCount(r.faultySpansKept)} of ${formatCount(r.faultySpans)}</small></td>
<td>${formatPercent(r.normalSpanCoverage)}</td>
<td>${formatPercent(r.traceRetrievability, 2)}</td>
<td>${formatPercent(r.structureIntegrity, 2)}</td>
<td>MRR ${formatScore(r.rca.mrr)}<small>top-1 ${formatPercent(r.rca.top1)}, top-3 ${formatPercent(r.rca.top3)}</small><small>${r.rca.method}</small></td>
<td>${formatNanos(r.nsPerSpan)}/span</td>
</tr>`;
}
