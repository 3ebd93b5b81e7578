import { readFile } from 'node:fs/promises';
import {
  type AutoscopeConfig,
  AutoscopeEngine,
  compileSpanRules,
  type EngineDependencies,
  type EngineOptions,
  parseConfigText,
  structureModelOf,
} from '@autoscope/core';
import { EvalInputError } from './errors.js';

/** An analyzer configuration (`autoscope analyze` output) read for the `autoscope+static` sampler. */
export interface StaticConfig {
  readonly path: string;
  readonly config: AutoscopeConfig;
}

/** Reads and validates a configuration file; a bad file throws `InvalidConfigError` listing every problem. */
export async function loadStaticConfig(path: string): Promise<StaticConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new EvalInputError(path, 'cannot read this configuration file', { cause });
  }
  return { path, config: parseConfigText(text, path) };
}

/** The engine with the configuration's sampling options and static model, at `keepRatio`. */
export function staticEngine(config: StaticConfig, keepRatio: number): AutoscopeEngine {
  const options: Partial<EngineOptions> = {
    ...(config.config.sampling ?? {}),
    keepRatio,
  } as Partial<EngineOptions>;
  const model = structureModelOf(config.config);
  const dependencies: EngineDependencies = {
    rules: compileSpanRules(config.config),
    ...(model.present ? { staticStructure: model } : {}),
  };
  return new AutoscopeEngine(options, dependencies);
}
