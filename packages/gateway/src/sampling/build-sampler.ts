import {
  type AutoscopeConfig,
  AutoscopeEngine,
  compileSpanRules,
  type EngineOptions,
  type SamplingStrategy,
  type StructureMode,
  structureModelOf,
} from '@autoscope/core';
import { KeepAllStrategy } from './keep-all-strategy.js';

/** The `sampling` section of the gateway configuration. */
export interface SamplingSettings {
  /** `autoscope` (the engine) or `keep-all` (pass-through). */
  readonly strategy: 'autoscope' | 'keep-all';
  /** Overrides the config file's `sampling.keepRatio` when set. */
  readonly keepRatio: number | undefined;
  /** Overrides the config file's `sampling.structure` when set. */
  readonly structure: StructureMode | undefined;
  readonly annotate: boolean;
}

/** The output options of a sampling pipeline. */
export interface SamplingOutput {
  readonly structure: StructureMode;
  readonly annotate: boolean;
  /** Write `autoscope.timing` digests. */
  readonly timing: boolean;
}

/** A strategy and the output options of its pipeline. */
export interface BuiltSampler extends SamplingOutput {
  readonly strategy: SamplingStrategy;
}

/** The output options of a built sampler, as a value of their own. */
export function outputOf(built: SamplingOutput): SamplingOutput {
  return { structure: built.structure, annotate: built.annotate, timing: built.timing };
}

/** Builds the strategy from the settings and the Autoscope config (if any). Throws `InvalidOptionError`. */
export function buildSampler(settings: SamplingSettings, config: AutoscopeConfig | undefined): BuiltSampler {
  if (settings.strategy === 'keep-all') {
    return { strategy: new KeepAllStrategy(), structure: 'reparent', annotate: false, timing: false };
  }
  const engine = new AutoscopeEngine(engineOptions(settings, config), engineDependencies(config));
  const { structure, annotate, timing } = engine.options;
  return { strategy: engine, structure, annotate, timing };
}

function engineOptions(
  settings: SamplingSettings,
  config: AutoscopeConfig | undefined,
): Partial<EngineOptions> {
  const options: Record<string, unknown> = { ...(config?.sampling ?? {}) };
  if (settings.keepRatio !== undefined) options.keepRatio = settings.keepRatio;
  if (settings.structure !== undefined) options.structure = settings.structure;
  if (settings.annotate) options.annotate = true;
  return options as Partial<EngineOptions>;
}

function engineDependencies(config: AutoscopeConfig | undefined) {
  if (config === undefined) return {};
  const model = structureModelOf(config);
  return { rules: compileSpanRules(config), ...(model.present ? { staticStructure: model } : {}) };
}
