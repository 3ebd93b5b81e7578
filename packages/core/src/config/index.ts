/** The Autoscope configuration file: schema, parser and the lookups the engine uses. */
export type {
  AnalyzerInfo,
  AutoscopeConfig,
  CallSite,
  CallSiteBlock,
  DominantSpanSet,
  EdgeKind,
  FunctionGraph,
  PriorityValue,
  SamplingConfig,
  SpanConfig,
  SpanOverride,
  StructureConfig,
  StructureEdge,
} from './config-schema.js';
export { CONFIG_VERSION, configSchema, DEFAULT_THRESHOLD } from './config-schema.js';
export type { RequiredGroup } from './edge-index.js';
export { compileGlob, isGlob, nameMatcher } from './glob.js';
export { CONFIG_SCHEMA_ID, configJsonSchema } from './json-schema.js';
export { parseConfig, parseConfigText, validateConfig } from './parse.js';
export type { JsonSchema, Schema } from './schema.js';
export type { SpanRule, SpanRuleLookup } from './span-rules.js';
export { compileSpanRules, NORMAL_PRIORITY, priorityValue } from './span-rules.js';
export type { StructureModel } from './structure-model.js';
export { edgeKey, structureModelOf } from './structure-model.js';
