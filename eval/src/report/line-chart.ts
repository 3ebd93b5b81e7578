import { formatPercent } from './format.js';
import { type Html, html } from './html.js';
import { linearScale, niceTicks, type Scale } from './scale.js';
import { truncate } from './text.js';

/** One point of a curve, with the text its tooltip shows. */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
  readonly label: string;
}

/** One sampler's curve. */
export interface ChartSeries {
  readonly name: string;
  readonly colour: string;
  /** Drawn thicker and solid (Autoscope); other series are dashed. */
  readonly emphasis: boolean;
  readonly points: readonly ChartPoint[];
}

/** A dashed reference line across the plot, such as a target. */
export interface ChartGuide {
  readonly axis: 'x' | 'y';
  readonly value: number;
  readonly label: string;
}

/** Everything a line chart draws. Both axes show fractions as percentages. */
export interface LineChartSpec {
  /** Unique in the page; used for the `aria-labelledby` ids. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly series: readonly ChartSeries[];
  readonly guides: readonly ChartGuide[];
}

const WIDTH = 580;
const HEIGHT = 380;
const LEGEND_ROW = 22;
const PLOT = { left: 64, top: 16, right: 420, bottom: 320 } as const;

interface Frame {
  readonly x: Scale;
  readonly y: Scale;
}

/** A line chart as inline SVG: axes with ticks and labels, guides, one path and markers per series, a legend. */
export function lineChart(spec: LineChartSpec): Html {
  const frame: Frame = {
    x: linearScale(spec.xDomain[0], spec.xDomain[1], PLOT.left, PLOT.right),
    y: linearScale(spec.yDomain[0], spec.yDomain[1], PLOT.bottom, PLOT.top),
  };
  // A long legend makes the chart taller rather than running off its bottom.
  const height = Math.max(HEIGHT, PLOT.top + 8 + spec.series.length * LEGEND_ROW);
  return html`<svg class="chart line-chart" id="${spec.id}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${spec.id}-title ${spec.id}-desc" xmlns="http://www.w3.org/2000/svg">
<title id="${spec.id}-title">${spec.title}</title><desc id="${spec.id}-desc">${spec.description}</desc>
${axes(spec, frame)}${spec.guides.map((g) => guide(g, frame))}
${spec.series.map((s) => seriesMarkup(s, frame))}
${legend(spec.series)}
</svg>`;
}

function axes(spec: LineChartSpec, frame: Frame): Html {
  const xTicks = niceTicks(spec.xDomain[0], spec.xDomain[1], 5);
  const yTicks = niceTicks(spec.yDomain[0], spec.yDomain[1], 6);
  return html`<g class="axes" aria-hidden="true">
${xTicks.map((t) => html`<line class="grid" x1="${frame.x(t)}" x2="${frame.x(t)}" y1="${PLOT.top}" y2="${PLOT.bottom}"/><text class="tick" x="${frame.x(t)}" y="${PLOT.bottom + 16}" text-anchor="middle">${formatPercent(t, 0)}</text>`)}
${yTicks.map((t) => html`<line class="grid" x1="${PLOT.left}" x2="${PLOT.right}" y1="${frame.y(t)}" y2="${frame.y(t)}"/><text class="tick" x="${PLOT.left - 6}" y="${frame.y(t) + 4}" text-anchor="end">${formatPercent(t, 0)}</text>`)}
<line class="axis" x1="${PLOT.left}" x2="${PLOT.right}" y1="${PLOT.bottom}" y2="${PLOT.bottom}"/>
<line class="axis" x1="${PLOT.left}" x2="${PLOT.left}" y1="${PLOT.top}" y2="${PLOT.bottom}"/>
<text class="axis-label" x="${(PLOT.left + PLOT.right) / 2}" y="${PLOT.bottom + 40}" text-anchor="middle">${spec.xLabel}</text>
<text class="axis-label" transform="translate(16 ${(PLOT.top + PLOT.bottom) / 2}) rotate(-90)" text-anchor="middle">${spec.yLabel}</text>
</g>`;
}

function guide(g: ChartGuide, frame: Frame): Html {
  if (g.axis === 'x') {
    const x = frame.x(g.value);
    return html`<g class="guide"><line x1="${x}" x2="${x}" y1="${PLOT.top}" y2="${PLOT.bottom}"/><text x="${x - 4}" y="${PLOT.top + 12}" text-anchor="end">${g.label}</text></g>`;
  }
  const y = frame.y(g.value);
  return html`<g class="guide"><line x1="${PLOT.left}" x2="${PLOT.right}" y1="${y}" y2="${y}"/><text x="${PLOT.left + 4}" y="${y - 4}">${g.label}</text></g>`;
}

function seriesMarkup(series: ChartSeries, frame: Frame): Html {
  const points = [...series.points].sort((a, b) => a.x - b.x);
  const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${frame.x(p.x)} ${frame.y(p.y)}`).join(' ');
  const cls = series.emphasis ? 'series emphasis' : 'series';
  return html`<g class="${cls}" data-sampler="${series.name}"><title>${series.name}</title>
<path class="curve" d="${d}" stroke="${series.colour}"/>
${points.map((p) => html`<circle class="marker" cx="${frame.x(p.x)}" cy="${frame.y(p.y)}" r="${series.emphasis ? 5 : 4}" fill="${series.colour}"><title>${p.label}</title></circle>`)}
</g>`;
}

function legend(series: readonly ChartSeries[]): Html {
  const x = PLOT.right + 18;
  return html`<g class="legend">${series.map((s, i) => {
    const y = PLOT.top + 8 + i * LEGEND_ROW;
    const cls = s.emphasis ? 'legend-item emphasis' : 'legend-item';
    return html`<g class="${cls}"><line x1="${x}" x2="${x + 26}" y1="${y}" y2="${y}" stroke="${s.colour}"/><circle cx="${x + 13}" cy="${y}" r="4" fill="${s.colour}"/><text x="${x + 34}" y="${y + 4}"><title>${s.name}</title>${truncate(s.name, 16)}</text></g>`;
  })}</g>`;
}
