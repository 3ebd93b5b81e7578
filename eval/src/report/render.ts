import type { EvalReport } from '../results.js';
import { coverageChart, curvePoints, mrrChart } from './curves.js';
import { faultBars } from './fault-bars.js';
import { header, targetsSection } from './header.js';
import { Html, html } from './html.js';
import { samplerColours, samplerNames } from './palette.js';
import { rcaTable } from './rca-table.js';
import { resultsTable } from './results-table.js';
import { REPORT_CSS } from './styles.js';
import { exampleTrace } from './waterfall.js';

// Nothing may load: no scripts, no fonts, no images from anywhere, so the file is the same offline.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * Renders an {@link EvalReport} as one self-contained HTML page: inline CSS, charts as inline SVG drawn here,
 * no script and nothing fetched (a Content-Security-Policy forbids it). Every string from the report is
 * escaped. Never throws on odd numbers (NaN, infinities print as `n/a`) or on missing sweep or example.
 */
export function renderHtmlReport(report: EvalReport): string {
  const colours = samplerColours(samplerNames(report));
  const body = html`${header(report)}
<main>
${targetsSection(report)}
<section aria-labelledby="results-heading"><h2 id="results-heading">Results at the default budget</h2>
${resultsTable(report.results)}</section>
<section aria-labelledby="curves-heading"><h2 id="curves-heading">Coverage versus size</h2>
${curvesNote(report)}
<div class="charts">${coverageChart(report, colours)}${mrrChart(report, colours)}</div></section>
<section aria-labelledby="fault-types-heading"><h2 id="fault-types-heading">Faulty spans kept per fault type</h2>
${faultBars(report.results, colours)}</section>
<section aria-labelledby="rca-heading"><h2 id="rca-heading">Root-cause analysis</h2>
${rcaTable(report)}</section>
<section aria-labelledby="example-heading"><h2 id="example-heading">One faulty trace, before and after sampling</h2>
${report.example ? exampleTrace(report.example) : html`<p class="note">No example trace: the data has no faulty trace.</p>`}</section>
</main>`;
  return page(`Autoscope evaluation: ${report.dataset}`, body);
}

function curvesNote(report: EvalReport): Html {
  const points = curvePoints(report);
  const swept = report.sweep !== undefined && report.sweep.length > 0;
  return swept
    ? html`<p>${points.length} runs over a range of budgets (<code>--sweep</code>); hover a point for its budget.</p>`
    : html`<p class="note">No sweep in this report (run with <code>--sweep</code> for curves): one point per sampler at the default budget.</p>`;
}

function page(title: string, body: Html): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Html(REPORT_CSS)}</style>
</head>
<body>
${body}
</body>
</html>
`.value;
}
