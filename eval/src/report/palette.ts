import type { EvalReport } from '../results.js';

/** Colours of Autoscope's results in every chart: the default engine first, then variants (`autoscope+static`). */
export const AUTOSCOPE_COLOURS = ['#1b6ac9', '#0b2f6b', '#5b9be8'] as const;

// Baselines: a colour-blind-friendly set that avoids Autoscope's blue and the red used for errors.
const BASELINE_COLOURS = [
  '#e69f00',
  '#009e73',
  '#8e5ac8',
  '#cc79a7',
  '#56b4e9',
  '#8c6d31',
  '#5f6b73',
  '#b5bd00',
  '#17becf',
] as const;

/** True for the Autoscope engine's results (`autoscope`, `autoscope+static`, ...), which the report highlights. */
export function isAutoscope(sampler: string): boolean {
  return sampler.toLowerCase().startsWith('autoscope');
}

/** Every sampler named in the report, in the order of `results`, then any only in `sweep`. */
export function samplerNames(report: EvalReport): readonly string[] {
  const names = new Set(report.results.map((r) => r.sampler));
  for (const point of report.sweep ?? []) names.add(point.sampler);
  return [...names];
}

/** One colour per sampler name, the same in every chart of the report. */
export function samplerColours(names: readonly string[]): ReadonlyMap<string, string> {
  const colours = new Map<string, string>();
  let ours = 0;
  let next = 0;
  for (const name of names) {
    const colour = isAutoscope(name)
      ? AUTOSCOPE_COLOURS[ours++ % AUTOSCOPE_COLOURS.length]
      : BASELINE_COLOURS[next++ % BASELINE_COLOURS.length];
    colours.set(name, colour ?? '#777777');
  }
  return colours;
}
