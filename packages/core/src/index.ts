export type { ConfigProblem } from './errors.js';
export { AutoscopeError, InvalidConfigError, InvalidOptionError } from './errors.js';
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
export type {
  DropReason,
  KeepReason,
  SamplingStrategy,
  SpanDecision,
  StrategyFactory,
  TraceDecision,
} from './strategy.js';
export { drop, keep } from './strategy.js';
export type { TraceTree } from './trace-tree.js';
export { buildTraceTree, compareSpans } from './trace-tree.js';
