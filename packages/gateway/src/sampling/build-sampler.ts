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

/** A strategy and the output options of its pipeline. */
export interface BuiltSampler {
  readonly strategy: SamplingStrategy;
  readonly structure: StructureMode;
  readonly annotate: boolean;
}

/** Builds the strategy from the settings and the Autoscope config (if any). Throws `InvalidOptionError`. */
export function buildSampler(settings: SamplingSettings, config: AutoscopeConfig | undefined): BuiltSampler {
  if (settings.strategy === 'keep-all') {
    return { strategy: new KeepAllStrategy(), structure: 'reparent', annotate: false };
  }
  const engine = new AutoscopeEngine(engineOptions(settings, config), engineDependencies(config));
  return { strategy: engine, structure: engine.options.structure, annotate: engine.options.annotate };
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
