import { DEFAULT_ENGINE_OPTIONS } from '@autoscope/core';
import type { FaultyDefinition } from '../results.js';
import { SAMPLER_ENTRIES } from '../samplers/registry.js';
import { EvalInputError } from './errors.js';
import type { SampledOutput } from './sampled-output.js';

/** What `runEval` is asked to do. Only `dataset` is required. */
export interface EvalOptions {
  /** Dataset folder: the research CSV layout (with fault lists) or the project's format (`faults.json`). */
  readonly dataset: string;
  /** Samplers to run by name (default: every registered one). */
  readonly samplers?: readonly string[];
  /** Autoscope's budget (kept fraction of bytes); default the engine's. */
  readonly keepRatio?: number;
  /** Also draw curves: `true` for {@link DEFAULT_SWEEP}, or the budgets to use. */
  readonly sweep?: boolean | readonly number[];
  /** How faulty spans are found; default `ids` when the fault list has span ids, else `pod-window`. */
  readonly faulty?: FaultyDefinition;
  /** Analyzer configuration: also run `autoscope+static` with it. */
  readonly config?: string;
  /** Outputs sampled elsewhere, measured against the full dataset as extra result rows. */
  readonly sampled?: readonly SampledOutput[];
  /** The command line to record in the report. */
  readonly command?: string;
  /** Research layout only: a glob on day folder names; default every day. */
  readonly day?: string;
  /** Called as traces are measured: traces done, and the total when known. */
  readonly onProgress?: (done: number, total: number | undefined) => void;
}

/** Budgets of `--sweep` when none are given. */
export const DEFAULT_SWEEP: readonly number[] = Object.freeze([0.05, 0.1, 0.2, 0.3, 0.5]);

/** Options checked and filled in. */
export interface ResolvedEvalOptions {
  readonly samplers: readonly string[];
  readonly keepRatio: number;
  readonly sweep: readonly number[];
}

/** Checks the options; every problem is an {@link EvalInputError} naming the option and what is accepted. */
export function resolveEvalOptions(options: EvalOptions): ResolvedEvalOptions {
  const known = Object.keys(SAMPLER_ENTRIES);
  const samplers = options.samplers ?? known;
  if (samplers.length === 0) throw new EvalInputError('samplers', `name at least one of ${known.join(', ')}`);
  for (const name of samplers) {
    if (!known.includes(name)) {
      throw new EvalInputError('samplers', `unknown sampler "${name}"; known: ${known.join(', ')}`);
    }
  }
  const keepRatio = options.keepRatio ?? DEFAULT_ENGINE_OPTIONS.keepRatio;
  checkRatio('keepRatio', keepRatio);
  const sweep =
    options.sweep === true
      ? DEFAULT_SWEEP
      : options.sweep === false || options.sweep === undefined
        ? []
        : options.sweep;
  for (const value of sweep) checkRatio('sweep', value);
  for (const output of options.sampled ?? []) {
    if (output.name === '' || samplers.includes(output.name)) {
      throw new EvalInputError('sampled', `name "${output.name}" is empty or taken by a sampler`);
    }
  }
  return { samplers: [...new Set(samplers)], keepRatio, sweep: [...new Set(sweep)].sort((a, b) => a - b) };
}

function checkRatio(option: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0 && value <= 1)) {
    throw new EvalInputError(option, `expected a kept fraction in (0, 1], got ${value}`);
  }
}
