/** The report's whole stylesheet, inlined in the page: system fonts only, nothing fetched. */
export const REPORT_CSS = `
:root { --fg: #1d2329; --muted: #5f6b73; --line: #d5dbe0; --bg: #ffffff; --panel: #f5f7f9;
  --ours: #1b6ac9; --ours-bg: #e8f1fc; --faulty: #e8590c; --error: #c92a2a; --ok: #2b8a3e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1320px; padding: 24px; color: var(--fg); background: var(--bg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 22px; margin: 0 0 12px; overflow-wrap: anywhere; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
code { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; background: var(--panel); padding: 1px 4px;
  border-radius: 3px; overflow-wrap: anywhere; }
small { display: block; color: var(--muted); font-size: 11px; }
.note { color: var(--muted); font-style: italic; }
.notes { background: #fff8e6; border-left: 3px solid #e69f00; padding: 6px 12px; margin: 8px 0; }
.notes ul { margin: 4px 0; padding-left: 20px; }
.facts { display: flex; flex-wrap: wrap; gap: 8px 28px; margin: 0 0 8px; }
.facts dt { color: var(--muted); font-size: 12px; }
.facts dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-size: 12.5px; margin: 8px 0; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 6px; text-align: right; vertical-align: top; }
td { white-space: nowrap; }
tbody th small { max-width: 220px; white-space: normal; }
thead th { background: var(--panel); font-weight: 600; font-size: 12px; }
tbody th { text-align: left; font-weight: 600; min-width: 170px; }
table.targets td:first-child, table.targets th:first-child { text-align: left; }
tr.autoscope { background: var(--ours-bg); }
tr.autoscope th .sampler { color: var(--ours); }
tr.full { background: var(--panel); }
.badge { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; font-weight: 600; color: #fff; }
.badge.met { background: var(--ok); }
.badge.missed { background: var(--error); }
.charts { display: flex; flex-wrap: wrap; gap: 16px; }
svg.chart { max-width: 100%; height: auto; font-size: 12px; background: var(--bg); }
svg .grid { stroke: #eceff2; }
svg .axis { stroke: var(--muted); }
svg .tick, svg .muted { fill: var(--muted); font-size: 11px; }
svg .axis-label { fill: var(--fg); font-size: 12px; }
svg .guide line { stroke: var(--muted); stroke-dasharray: 4 4; }
svg .guide text { fill: var(--muted); font-size: 11px; }
svg .curve { fill: none; stroke-width: 2; stroke-dasharray: 6 3; }
svg .emphasis .curve { stroke-width: 3.5; stroke-dasharray: none; }
svg .legend line { stroke-width: 2; stroke-dasharray: 6 3; }
svg .legend .emphasis line { stroke-width: 3.5; stroke-dasharray: none; }
svg .legend .emphasis text, svg .emphasis .bar-label { font-weight: 700; }
svg .marker { stroke: #fff; stroke-width: 1; }
svg .track { fill: var(--panel); }
svg .group-label { font-weight: 600; }
svg .bar-value { fill: var(--fg); font-size: 11px; }
.waterfalls { display: flex; flex-wrap: wrap; gap: 16px; }
.waterfalls figure { margin: 0; border: 1px solid var(--line); border-radius: 4px; padding: 8px; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.waterfall .label { fill: var(--fg); font-size: 11px; }
svg.waterfall .service { font-weight: 600; }
svg.waterfall .label.dropped { fill: #aab4bc; text-decoration: line-through; }
svg .span { fill: #8fa9c4; }
svg .span.faulty { fill: var(--faulty); }
svg .span.error { stroke: var(--error); stroke-width: 2; }
svg .span.faulty.error { fill: var(--error); }
svg .span.dropped { fill: none; stroke: #aab4bc; stroke-dasharray: 3 2; }
.key { list-style: none; display: flex; gap: 18px; padding: 0; margin: 8px 0; font-size: 12px; }
.swatch { display: inline-block; width: 18px; height: 10px; margin-right: 6px; border-radius: 2px; vertical-align: middle; }
.swatch.normal { background: #8fa9c4; }
.swatch.faulty { background: var(--faulty); }
.swatch.error { background: #fff; border: 2px solid var(--error); }
.swatch.dropped { border: 1px dashed #aab4bc; }
@media print { body { max-width: none; } .table-wrap { overflow: visible; } }
`;
