/**
 * The Autoscope configuration file (`autoscope.json`): its schema, its type and its JSON Schema all
 * come from the one definition below. Files in the seed document's `span_sampling_config.json` shape
 * (`version`, `threshold`, `spans: {name: {sample, priority, reason}}`) load unchanged.
 */

import {
  boolean,
  doc,
  enumOf,
  type Infer,
  integer,
  number,
  optional,
  string,
  union,
  withDefault,
} from './schema.js';
import { array, object, record } from './schema-compound.js';

/** The configuration format version this code writes. Any `1.x` file is read. */
export const CONFIG_VERSION = '1.0';

/** Default importance threshold: spans scoring at least this are sampled (the seed's 0.3). */
export const DEFAULT_THRESHOLD = 0.3;

const priority = doc(
  'A score in [0, 1], or "critical" (always kept) or "normal" (down-weighted).',
  union(number({ min: 0, max: 1 }), enumOf(['critical', 'normal'])),
);
const sourceLocation = doc('Where in the code: "path/to/file.ext:line".', string({ minLength: 1 }));
const spanName = string({ minLength: 1 });
const edgeKind = enumOf(['mandatory', 'conditional', 'repeated']);

const spanEntry = object({
  sample: optional(doc('Whether the span is kept; defaults to priority >= threshold.', boolean())),
  priority,
  reason: optional(doc('Why, comma-separated: "error_handling, external_calls".', string())),
  service: optional(doc('The service the span belongs to.', string({ minLength: 1 }))),
  source: optional(sourceLocation),
});

const override = object({
  match: doc('A span name, or a glob where * matches any run and ? one character.', spanName),
  service: optional(doc('A service name or glob; absent means every service.', string({ minLength: 1 }))),
  priority,
  note: optional(string()),
});

const edge = object({
  from: spanName,
  to: spanName,
  kind: edgeKind,
  service: optional(string({ minLength: 1 })),
  source: optional(sourceLocation),
  observed: optional(doc('False when learning found no trace with this edge.', boolean())),
  origin: optional(enumOf(['static', 'traces'])),
});

const dominantSet = object({
  id: string({ minLength: 1 }),
  dominator: spanName,
  members: doc('Spans implied by the dominator, in call order.', array(spanName)),
  branch: optional(doc('The set ends at a branch point.', boolean())),
  loop: optional(doc('The set runs inside a loop.', boolean())),
  service: optional(string({ minLength: 1 })),
});

const callSite = object({
  callee: doc('The called function id, or the client library call ("pg Client.query").', string()),
  span: optional(doc('The span name the call produces, when known.', spanName)),
  source: optional(sourceLocation),
  external: optional(enumOf(['db', 'http', 'rpc', 'cache', 'queue'])),
});

const block = object({
  id: integer({ min: 0 }),
  kind: edgeKind,
  calls: array(callSite),
  next: doc('Successor blocks in the call-site control-flow graph.', array(integer({ min: 0 }))),
  branch: optional(boolean()),
  loop: optional(boolean()),
  handler: optional(doc('The block is in a catch or finally clause.', boolean())),
});

const fn = object({
  id: doc('file#Qualified.name', string({ minLength: 1 })),
  span: optional(doc('The span name this function shows up as.', spanName)),
  source: optional(sourceLocation),
  service: optional(string({ minLength: 1 })),
  entry: optional(doc('Blocks reached first from the function entry.', array(integer({ min: 0 })))),
  blocks: doc('The CSCFG: blocks that contain calls, in source order.', array(block)),
});

const structure = object({
  edges: withDefault(array(edge), []),
  dominantSets: withDefault(array(dominantSet), []),
  functions: optional(array(fn)),
});

const sampling = object({
  keepRatio: optional(number({ min: 0, max: 1, exclusiveMin: true })),
  anomalyReserve: optional(number({ min: 0, max: 1 })),
  budgetUnit: optional(enumOf(['bytes', 'spans'])),
  structure: optional(enumOf(['reparent', 'skeleton', 'summary'])),
  zThreshold: optional(number({ min: 0 })),
  window: optional(integer({ min: 1 })),
  minSamples: optional(integer({ min: 1 })),
  topK: optional(integer({ min: 1 })),
  repeatThreshold: optional(integer({ min: 1 })),
  lookbackSeconds: optional(number({ min: 0, max: 3600 })),
  reorderSeconds: optional(number({ min: 0, max: 3600 })),
  annotate: optional(boolean()),
  timing: optional(boolean()),
});

const analyzer = object({
  version: string({ minLength: 1 }),
  sourceHash: string({ pattern: 'sha256:[0-9a-f]{64}', expects: 'a digest "sha256:<64 hex digits>"' }),
  languages: array(string({ minLength: 1 })),
  files: integer({ min: 0 }),
});

/** The schema of a whole configuration file. */
export const configSchema = object({
  $schema: optional(string()),
  version: doc(
    'Format version; any "1.x" is read.',
    string({ pattern: '1(\\.\\d+)*', expects: 'a version "1.x"' }),
  ),
  threshold: withDefault(
    doc('Spans with priority >= threshold are sampled.', number({ min: 0, max: 1 })),
    DEFAULT_THRESHOLD,
  ),
  spans: withDefault(doc('Computed per-span decisions, keyed by span name or glob.', record(spanEntry)), {}),
  overrides: optional(doc('User rules; kept on re-analysis; take precedence over spans.', array(override))),
  structure: optional(structure),
  sampling: optional(sampling),
  analyzer: optional(analyzer),
});

/** A validated configuration. */
export type AutoscopeConfig = Infer<typeof configSchema>;
/** One entry of `spans`. */
export type SpanConfig = Infer<typeof spanEntry>;
/** One user override. */
export type SpanOverride = Infer<typeof override>;
/** A span priority as written: a score or a class. */
export type PriorityValue = Infer<typeof priority>;
/** The static (and learned) structure model. */
export type StructureConfig = Infer<typeof structure>;
/** A parent -> child span edge. */
export type StructureEdge = Infer<typeof edge>;
/** How often a child follows its parent. */
export type EdgeKind = Infer<typeof edgeKind>;
/** A dominant span set. */
export type DominantSpanSet = Infer<typeof dominantSet>;
/** One function's call-site control-flow graph. */
export type FunctionGraph = Infer<typeof fn>;
/** One CSCFG block. */
export type CallSiteBlock = Infer<typeof block>;
/** One call site. */
export type CallSite = Infer<typeof callSite>;
/** Engine options carried in the file. */
export type SamplingConfig = Infer<typeof sampling>;
/** Provenance of the analysis. */
export type AnalyzerInfo = Infer<typeof analyzer>;
