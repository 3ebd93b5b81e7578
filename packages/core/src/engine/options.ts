import { InvalidOptionError } from '../errors.js';

/** How dropped spans appear in the output. */
export type StructureMode = 'reparent' | 'skeleton' | 'summary';

/** What the budget counts. */
export type BudgetUnit = 'bytes' | 'spans';

/** Options of the Autoscope selection engine. Every field has a default (`DEFAULT_ENGINE_OPTIONS`). */
export interface EngineOptions {
  /** Target kept fraction of `budgetUnit`, held over time; always-keep rules may exceed it. */
  readonly keepRatio: number;
  /**
   * Share of the budget (`keepRatio`), on top of it, for spans at least twice as slow as usual (see
   * `TraceAnalysis.slowdown`), the slowest first, spent while the threshold is past every capped score
   * (as when mandatory spans exhaust the budget). One trace spends at most what the reserve holds when it
   * begins (nothing in the first trace): past that, its slowest candidates that fit are kept. The reserve
   * holds 1000 average traces' worth of its share, so over a run kept units stay within the larger of
   * `keepRatio` and the mandatory share, plus `anomalyReserve * keepRatio`, plus about that capacity (see
   * `AnomalyReserve` for the exact bound). 0 disables the reserve.
   */
  readonly anomalyReserve: number;
  readonly budgetUnit: BudgetUnit;
  /** Revised Z-score above which a span counts as anomalous. */
  readonly zThreshold: number;
  /** Sliding window of the streaming median (values per key). */
  readonly window: number;
  /** Values a statistics key needs before its scores are trusted (else it backs off to a coarser key). */
  readonly minSamples: number;
  /** Spans per dominant set (children of one span) that get a preference when the budget allows. */
  readonly topK: number;
  /** Siblings with the same label at least this many times are a repeat group, summarised unless outliers. */
  readonly repeatThreshold: number;
  /** A taken branch rarer than this share of its parent's occurrences gets one span pinned. */
  readonly rareBranchFraction: number;
  /** Half-life, in seconds of trace time, of each service's anomaly rate. */
  readonly heatHalfLifeSeconds: number;
  /**
   * A service instance is hot when the share of its recent spans that look anomalous exceeds this many
   * times its own long-run share, or this many times the recent share of all instances together (and is
   * at least `hotMinFraction`). A hot instance's spans are preferred under the budget, hottest first.
   */
  readonly hotRatio: number;
  readonly hotMinFraction: number;
  /** Seconds a service stays hot after its anomaly rate falls back. */
  readonly hotHoldSeconds: number;
  /**
   * Seconds of trace time a pipeline may wait before selecting a trace's spans (`LookbackPipeline`), so
   * that a service turning hot also boosts the traces of the moments before. 0 selects at once.
   */
  readonly lookbackSeconds: number;
  /**
   * Seconds of trace time traces may arrive out of order; a `LookbackPipeline` puts them back in order
   * before learning from them (exported files hold a minute of traces in id order, for example).
   */
  readonly reorderSeconds: number;
  /** Whether to write `autoscope.reason` / `autoscope.score` on kept spans (costs bytes). */
  readonly annotate: boolean;
  /**
   * Whether a kept span with dropped descendants carries `autoscope.timing`, the self times of the spans
   * dropped below it (see docs/output.md; about 12% of the output bytes on TrainTicket, counted by the budget).
   */
  readonly timing: boolean;
  readonly structure: StructureMode;
}

/** The defaults, in one place. */
export const DEFAULT_ENGINE_OPTIONS: EngineOptions = Object.freeze({
  keepRatio: 0.1,
  anomalyReserve: 0.2,
  budgetUnit: 'bytes',
  zThreshold: 3.5,
  window: 100,
  minSamples: 10,
  topK: 1,
  repeatThreshold: 3,
  rareBranchFraction: 0.01,
  heatHalfLifeSeconds: 20,
  hotRatio: 3,
  hotMinFraction: 0.15,
  hotHoldSeconds: 60,
  lookbackSeconds: 60,
  reorderSeconds: 60,
  annotate: false,
  timing: true,
  structure: 'reparent',
});

/** Merges options over the defaults and checks each; the error names the option and the accepted range. */
export function resolveEngineOptions(options: Partial<EngineOptions> = {}): EngineOptions {
  const merged: EngineOptions = { ...DEFAULT_ENGINE_OPTIONS, ...stripUndefined(options) };
  checkRange('keepRatio', merged.keepRatio, 0, 1, false);
  checkRange('anomalyReserve', merged.anomalyReserve, 0, 1, true);
  checkRange('zThreshold', merged.zThreshold, 0, 1e6, true);
  checkInteger('window', merged.window, 3, 100_000);
  checkInteger('minSamples', merged.minSamples, 1, 100_000);
  checkInteger('topK', merged.topK, 0, 1000);
  checkInteger('repeatThreshold', merged.repeatThreshold, 2, 1_000_000);
  checkRange('rareBranchFraction', merged.rareBranchFraction, 0, 1, true);
  checkRange('heatHalfLifeSeconds', merged.heatHalfLifeSeconds, 0.001, 86_400, true);
  checkRange('hotRatio', merged.hotRatio, 1, 1e6, true);
  checkRange('hotMinFraction', merged.hotMinFraction, 0, 1, true);
  checkRange('hotHoldSeconds', merged.hotHoldSeconds, 0, 86_400, true);
  checkRange('lookbackSeconds', merged.lookbackSeconds, 0, 3_600, true);
  checkRange('reorderSeconds', merged.reorderSeconds, 0, 3_600, true);
  if (merged.budgetUnit !== 'bytes' && merged.budgetUnit !== 'spans') {
    throw new InvalidOptionError(
      'budgetUnit',
      `expected "bytes" or "spans", got ${JSON.stringify(merged.budgetUnit)}`,
    );
  }
  if (!['reparent', 'skeleton', 'summary'].includes(merged.structure)) {
    throw new InvalidOptionError(
      'structure',
      `expected "reparent", "skeleton" or "summary", got ${JSON.stringify(merged.structure)}`,
    );
  }
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function checkRange(option: string, value: number, min: number, max: number, minInclusive: boolean): void {
  const ok =
    typeof value === 'number' && Number.isFinite(value) && (minInclusive ? value >= min : value > min);
  if (!ok || value > max) {
    throw new InvalidOptionError(
      option,
      `expected a number in ${minInclusive ? '[' : '('}${min}, ${max}], got ${value}`,
    );
  }
}

function checkInteger(option: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `expected an integer in [${min}, ${max}], got ${value}`);
  }
}
