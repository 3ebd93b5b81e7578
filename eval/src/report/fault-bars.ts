import type { SamplerResult } from '../results.js';
import { formatCount, formatPercent } from './format.js';
import { type Html, html } from './html.js';
import { isAutoscope } from './palette.js';
import { linearScale, niceTicks, type Scale } from './scale.js';
import { truncate } from './text.js';

const WIDTH = 760;
const BAR_LEFT = 200;
const BAR_RIGHT = 680;
const AXIS_HEIGHT = 28;
const HEADER_HEIGHT = 22;
const ROW_HEIGHT = 15;
const GROUP_GAP = 10;

/** Every fault type named in any result, sorted. */
export function faultTypes(results: readonly SamplerResult[]): readonly string[] {
  const types = new Set<string>();
  for (const r of results) for (const type of Object.keys(r.faultyCoverageByType)) types.add(type);
  return [...types].sort();
}

/**
 * Faulty-span coverage per fault type as horizontal bars: one group per fault type, one bar per sampler in
 * the sampler's colour. A note replaces the chart when no result has a fault type.
 */
export function faultBars(results: readonly SamplerResult[], colours: ReadonlyMap<string, string>): Html {
  const types = faultTypes(results);
  if (types.length === 0 || results.length === 0) {
    return html`<p class="note">No fault types to show: no faulty spans were identified in this dataset.</p>`;
  }
  const groupHeight = HEADER_HEIGHT + results.length * ROW_HEIGHT + GROUP_GAP;
  const height = AXIS_HEIGHT + types.length * groupHeight;
  const x = linearScale(0, 1, BAR_LEFT, BAR_RIGHT);
  return html`<svg class="chart fault-bars" id="chart-fault-types" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="chart-fault-types-title chart-fault-types-desc" xmlns="http://www.w3.org/2000/svg">
<title id="chart-fault-types-title">Faulty-span coverage per fault type, per sampler</title>
<desc id="chart-fault-types-desc">${types.length} fault types by ${results.length} samplers: the share of each fault type's faulty spans that each sampler kept.</desc>
${axis(x, height)}
${types.map((type, i) => group(type, results, colours, x, AXIS_HEIGHT + i * groupHeight))}
</svg>`;
}

function axis(x: Scale, height: number): Html {
  return html`<g class="axes" aria-hidden="true">${niceTicks(0, 1, 5).map(
    (t) =>
      html`<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${AXIS_HEIGHT - 6}" y2="${height - GROUP_GAP}"/><text class="tick" x="${x(t)}" y="${AXIS_HEIGHT - 10}" text-anchor="middle">${formatPercent(t, 0)}</text>`,
  )}</g>`;
}

function group(
  type: string,
  results: readonly SamplerResult[],
  colours: ReadonlyMap<string, string>,
  x: Scale,
  top: number,
): Html {
  const total =
    results.find((r) => r.faultyCoverageByType[type])?.faultyCoverageByType[type]?.faultySpans ?? 0;
  return html`<g class="fault-type" data-fault-type="${type}">
<text class="group-label" x="8" y="${top + 15}"><title>${type}</title>${truncate(type, 60)} <tspan class="muted">(${formatCount(total)} faulty spans)</tspan></text>
${results.map((r, i) => bar(r, type, colours, x, top + HEADER_HEIGHT + i * ROW_HEIGHT))}
</g>`;
}

function bar(
  r: SamplerResult,
  type: string,
  colours: ReadonlyMap<string, string>,
  x: Scale,
  y: number,
): Html {
  const cov = r.faultyCoverageByType[type];
  const value = cov?.coverage ?? Number.NaN;
  const detail = cov
    ? `${formatCount(cov.faultySpansKept)} of ${formatCount(cov.faultySpans)}`
    : 'not measured';
  const cls = isAutoscope(r.sampler) ? 'bar-row emphasis' : 'bar-row';
  return html`<g class="${cls}" data-sampler="${r.sampler}"><title>${r.sampler}, ${type}: ${formatPercent(value)} (${detail})</title>
<text class="bar-label" x="${BAR_LEFT - 8}" y="${y + 10}" text-anchor="end">${truncate(r.sampler, 26)}</text>
<rect class="track" x="${BAR_LEFT}" y="${y + 1}" width="${BAR_RIGHT - BAR_LEFT}" height="11"/>
<rect class="bar" x="${BAR_LEFT}" y="${y + 1}" width="${x(value) - BAR_LEFT}" height="11" fill="${colours.get(r.sampler) ?? '#777777'}"/>
<text class="bar-value" x="${BAR_RIGHT + 6}" y="${y + 10}">${formatPercent(value)}</text>
</g>`;
}
