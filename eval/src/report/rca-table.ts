import type { EvalReport, RcaScore } from '../results.js';
import { formatCount, formatPercent, formatScore } from './format.js';
import { type Html, html } from './html.js';
import { isAutoscope } from './palette.js';

/** Every RCA method named anywhere in the report, sorted. */
export function rcaMethods(report: EvalReport): readonly string[] {
  const methods = new Set(Object.keys(report.rcaFull));
  for (const r of report.results) for (const m of Object.keys(r.rcaMethods)) methods.add(m);
  return [...methods].sort();
}

function cell(score: RcaScore | undefined): Html {
  if (score === undefined) return html`<td>n/a</td>`;
  return html`<td>${formatScore(score.mrr)}<small>top-1 ${formatPercent(score.top1)}, top-3 ${formatPercent(score.top3)}</small></td>`;
}

/** Root-cause analysis per method: the full data first, then each sampler's output. */
export function rcaTable(report: EvalReport): Html {
  const methods = rcaMethods(report);
  if (methods.length === 0) return html`<p class="note">No root-cause analysis was run.</p>`;
  const cases = Object.values(report.rcaFull)[0]?.cases;
  return html`<div class="table-wrap"><table class="rca" aria-label="Root-cause analysis MRR per method">
<caption>MRR of the injected service per RCA method${cases === undefined ? '' : `, over ${formatCount(cases)} fault cases`}</caption>
<thead><tr><th scope="col">Data</th>${methods.map((m) => html`<th scope="col">${m}</th>`)}</tr></thead>
<tbody><tr class="full"><th scope="row">full data (unsampled)</th>${methods.map((m) => cell(report.rcaFull[m]))}</tr>
${report.results.map((r) => html`<tr class="${isAutoscope(r.sampler) ? 'autoscope' : ''}"><th scope="row">${r.sampler}</th>${methods.map((m) => cell(r.rcaMethods[m]))}</tr>`)}</tbody>
</table></div>`;
}
