import type { ExampleSpan, ExampleTrace } from '../results.js';
import { formatCount, formatNanos } from './format.js';
import { type Html, html } from './html.js';
import { linearScale, niceTicks, type Scale } from './scale.js';
import { truncate } from './text.js';
import { type WaterfallLayout, type WaterfallRow, waterfallLayout } from './waterfall-layout.js';

/** Most rows drawn per view; a note says how many more the trace has. */
export const MAX_WATERFALL_ROWS = 400;

const WIDTH = 560;
const LABEL_WIDTH = 250;
const BAR_LEFT = LABEL_WIDTH + 8;
const BAR_RIGHT = WIDTH - 12;
const AXIS_HEIGHT = 24;
const ROW_HEIGHT = 18;
const INDENT = 12;
const MAX_INDENT_LEVELS = 10;

type Side = 'before' | 'after';

/** The example trace before and after sampling, side by side, one row per span, aligned row for row. */
export function exampleTrace(example: ExampleTrace): Html {
  const layout = waterfallLayout(example, MAX_WATERFALL_ROWS);
  const more =
    layout.hiddenRows > 0
      ? html`<p class="note">${formatCount(layout.hiddenRows)} more spans not drawn.</p>`
      : '';
  return html`<p>Trace <code>${example.traceId}</code>, fault type <strong>${example.faultType}</strong>, sampled by <strong>${example.sampler}</strong>: ${summary(example)}</p>
<ul class="key" aria-label="Waterfall key"><li><span class="swatch normal"></span>span</li><li><span class="swatch faulty"></span>faulty span</li><li><span class="swatch error"></span>error status</li><li><span class="swatch dropped"></span>dropped by sampling</li></ul>
<div class="waterfalls">
<figure><figcaption>Before sampling (${formatCount(example.before.length)} spans)</figcaption>${waterfall(layout, 'before', example)}</figure>
<figure><figcaption>After sampling (${formatCount(example.after.length)} spans)</figcaption>${waterfall(layout, 'after', example)}</figure>
</div>${more}`;
}

function summary(example: ExampleTrace): string {
  const faulty = example.before.filter((s) => s.faulty).length;
  const keptIds = new Set(example.after.map((s) => s.spanId));
  const faultyKept = example.before.filter((s) => s.faulty && keptIds.has(s.spanId)).length;
  const errors = example.before.filter((s) => s.error).length;
  return `${formatCount(example.after.length)} of ${formatCount(example.before.length)} spans kept, ${formatCount(faultyKept)} of ${formatCount(faulty)} faulty spans kept, ${formatCount(errors)} spans with errors.`;
}

function waterfall(layout: WaterfallLayout, side: Side, example: ExampleTrace): Html {
  const id = `waterfall-${side}`;
  const height = AXIS_HEIGHT + layout.rows.length * ROW_HEIGHT + 4;
  const x = linearScale(layout.startNanos, layout.endNanos, BAR_LEFT, BAR_RIGHT);
  const count = side === 'before' ? example.before.length : example.after.length;
  return html`<svg class="chart waterfall" id="${id}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title" xmlns="http://www.w3.org/2000/svg">
<title id="${id}-title">Trace ${example.traceId} ${side} sampling: ${formatCount(count)} spans as a waterfall, indented by depth</title>
${timeAxis(layout, x, height)}
${layout.rows.map((row, i) => rowMarkup(row, side, x, AXIS_HEIGHT + i * ROW_HEIGHT))}
</svg>`;
}

function timeAxis(layout: WaterfallLayout, x: Scale, height: number): Html {
  return html`<g class="axes" aria-hidden="true">${niceTicks(layout.startNanos, layout.endNanos, 5).map(
    (t) =>
      html`<line class="grid" x1="${x(t)}" x2="${x(t)}" y1="${AXIS_HEIGHT - 4}" y2="${height}"/><text class="tick" x="${x(t)}" y="${AXIS_HEIGHT - 8}" text-anchor="middle">${formatNanos(t)}</text>`,
  )}</g>`;
}

function rowMarkup(row: WaterfallRow, side: Side, x: Scale, y: number): Html {
  const span = side === 'before' ? row.before : row.after;
  if (side === 'before' && row.addedBySampler) return html`<g class="row absent"></g>`;
  if (span === undefined) return droppedRow(row, x, y);
  const depth = side === 'before' ? row.beforeDepth : row.afterDepth;
  const classes = ['span', span.faulty ? 'faulty' : '', span.error ? 'error' : ''].filter(Boolean).join(' ');
  return html`<g class="row" data-span-id="${span.spanId}"><title>${describe(span, depth)}</title>
${label(span, depth, y, 'label')}
<rect class="${classes}" x="${x(span.startOffsetNanos)}" y="${y + 3}" width="${barWidth(span, x)}" height="${ROW_HEIGHT - 6}" rx="2"/>
</g>`;
}

function droppedRow(row: WaterfallRow, x: Scale, y: number): Html {
  const span = row.before;
  return html`<g class="row dropped-row" data-span-id="${span.spanId}"><title>dropped by sampling: ${describe(span, row.beforeDepth)}</title>
${label(span, row.beforeDepth, y, 'label dropped')}
<rect class="span dropped" x="${x(span.startOffsetNanos)}" y="${y + 3}" width="${barWidth(span, x)}" height="${ROW_HEIGHT - 6}" rx="2"/>
</g>`;
}

function label(span: ExampleSpan, depth: number, y: number, cls: string): Html {
  const indent = Math.min(depth, MAX_INDENT_LEVELS) * INDENT;
  const room = Math.max(6, Math.floor((LABEL_WIDTH - 6 - indent) / 6.2));
  return html`<text class="${cls}" x="${6 + indent}" y="${y + 13}"><tspan class="service">${truncate(span.service, room)}</tspan> ${truncate(span.name, Math.max(0, room - [...span.service].length - 1))}</text>`;
}

function barWidth(span: ExampleSpan, x: Scale): number {
  const duration = Number.isFinite(span.durationNanos) ? Math.max(0, span.durationNanos) : 0;
  return Math.max(1.5, x(span.startOffsetNanos + duration) - x(span.startOffsetNanos));
}

function describe(span: ExampleSpan, depth: number): string {
  const flags = [span.faulty ? 'faulty' : '', span.error ? 'error' : ''].filter(Boolean).join(', ');
  return `${truncate(span.service, 200)}: ${truncate(span.name, 200)} (depth ${depth}, starts at ${formatNanos(span.startOffsetNanos)}, lasts ${formatNanos(span.durationNanos)}${flags ? `, ${flags}` : ''})`;
}
