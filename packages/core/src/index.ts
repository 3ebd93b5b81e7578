export type { AssemblerOptions, CompletedTrace, CompletionCause } from './assembler.js';
export { TraceAssembler } from './assembler.js';
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
} from './config/config-schema.js';
export { CONFIG_VERSION, DEFAULT_THRESHOLD } from './config/config-schema.js';
export type { RequiredGroup } from './config/edge-index.js';
export { compileGlob, isGlob, nameMatcher } from './config/glob.js';
export { CONFIG_SCHEMA_ID, configJsonSchema } from './config/json-schema.js';
export { parseConfig, parseConfigText, validateConfig } from './config/parse.js';
export type { JsonSchema } from './config/schema.js';
export type { SpanRule, SpanRuleLookup } from './config/span-rules.js';
export { compileSpanRules, NORMAL_PRIORITY, priorityValue } from './config/span-rules.js';
export type { StructureModel } from './config/structure-model.js';
export { edgeKey, structureModelOf } from './config/structure-model.js';
export type { EngineDependencies, StaticStructure } from './engine/autoscope-engine.js';
export { AutoscopeEngine } from './engine/autoscope-engine.js';
export type { BudgetUnit, EngineOptions, StructureMode } from './engine/options.js';
export { DEFAULT_ENGINE_OPTIONS, resolveEngineOptions } from './engine/options.js';
export { estimateSpanBytes } from './engine/span-size.js';
export type { TraceAnalysis } from './engine/trace-analysis.js';
export type { ConfigProblem } from './errors.js';
export { AutoscopeError, InvalidConfigError, InvalidOptionError, SpentAnalysisError } from './errors.js';
export type { LookbackOptions, LookbackStrategy } from './lookback-pipeline.js';
export { LookbackPipeline } from './lookback-pipeline.js';
export type {
  CounterChild,
  CounterOptions,
  GaugeChild,
  GaugeOptions,
  HistogramChild,
  HistogramOptions,
  Labels,
  Metric,
} from './metrics/index.js';
export {
  Counter,
  formatValue,
  Gauge,
  Histogram,
  HistogramSeries,
  MetricsRegistry,
  PROMETHEUS_CONTENT_TYPE,
  renderPrometheus,
  SECONDS_BUCKETS,
} from './metrics/index.js';
export type {
  AnyValue,
  EmptyValue,
  InstrumentationScope,
  KeyValue,
  Resource,
  Span,
  SpanEvent,
  SpanInit,
  SpanKindValue,
  SpanLink,
  SpanStatus,
  Trace,
} from './model.js';
export {
  durationNanos,
  findAttribute,
  intAttr,
  isErrorSpan,
  makeResource,
  makeScope,
  makeSpan,
  SpanKind,
  StatusCode,
  stringAttr,
  UNKNOWN_SERVICE,
} from './model.js';
export { AutoscopeAttributes, PLACEHOLDER_SCOPE_NAME } from './output/attributes.js';
export type { AddedAttributes } from './output/extra-attributes.js';
export type { MaterializeOptions, MaterializeSink } from './output/materialize.js';
export { materialize, materializeInto } from './output/materialize.js';
export { ShapeReader, traceShapeHash } from './output/reconstruct.js';
export { timingDigests } from './output/region-digests.js';
export {
  digestKey,
  digestKeyOrder,
  selfTimes,
  TIMING_STEPS_PER_DOUBLING,
  timingNanos,
  timingValue,
} from './output/timing-digest.js';
export type { PipelineOptions, SampledTrace, SamplingSummary } from './pipeline.js';
export { SamplingPipeline } from './pipeline.js';
export { mulberry32 } from './random.js';
export type {
  DropReason,
  KeepReason,
  SamplingStrategy,
  SpanDecision,
  StrategyFactory,
  TraceDecision,
} from './strategy.js';
export { drop, keep } from './strategy.js';
export type { ShapeDefinition } from './structure/shape-dictionary.js';
export { ShapePublisher } from './structure/shape-dictionary.js';
export { labelOf, splitLabel } from './structure/shape-hash.js';
export type { TraceTree } from './trace-tree.js';
export { buildTraceTree, compareSpans } from './trace-tree.js';
