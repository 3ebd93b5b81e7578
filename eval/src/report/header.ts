import type { EvalReport } from '../results.js';
import { formatCount, formatNanos, formatPercent } from './format.js';
import { type Html, html } from './html.js';
import { isAutoscope } from './palette.js';
import { badge } from './results-table.js';
import { targetChecks } from './targets.js';

/** The report's header: what was measured, on what, how and when. */
export function header(report: EvalReport): Html {
  const facts: Array<readonly [string, string]> = [
    ['Dataset', report.dataset],
    ['Traces', formatCount(report.traces)],
    ['Spans', formatCount(report.spans)],
    ['Fault cases', formatCount(report.faults)],
    ['Faulty spans by', report.faultyDefinition],
    ['Budget (keep ratio)', formatPercent(report.keepRatio)],
    ['Generated', report.generatedAt],
  ];
  if (report.seconds !== undefined) facts.push(['Run time', formatNanos(report.seconds * 1e9)]);
  return html`<header>
<h1>Autoscope evaluation: ${report.dataset}</h1>
<dl class="facts">${facts.map(([k, v]) => html`<div><dt>${k}</dt><dd>${v}</dd></div>`)}</dl>
<p class="command">Command: <code>${report.command}</code></p>
${notes(report.notes ?? [])}
</header>`;
}

function notes(lines: readonly string[]): Html {
  if (lines.length === 0) return html``;
  return html`<div class="notes"><strong>Notes on this run</strong><ul>${lines.map((l) => html`<li>${l}</li>`)}</ul></div>`;
}

/** The issue's targets checked for each Autoscope result, or nothing when the report has none. */
export function targetsSection(report: EvalReport): Html {
  const ours = report.results.filter((r) => isAutoscope(r.sampler));
  if (ours.length === 0) return html``;
  return html`<section aria-labelledby="targets-heading"><h2 id="targets-heading">Targets</h2>
${ours.map(
  (
    r,
  ) => html`<table class="targets" aria-label="Targets for ${r.sampler}"><caption>${r.sampler} at budget ${formatPercent(r.keepRatio)}</caption>
<thead><tr><th scope="col">Target</th><th scope="col">Measured</th><th scope="col">Status</th></tr></thead>
<tbody>${targetChecks(report, r).map((t) => html`<tr><td>${t.target}</td><td>${t.measured}</td><td>${badge(t.met)}</td></tr>`)}</tbody></table>`,
)}</section>`;
}
