import type { SpanRuleLookup } from '../config/span-rules.js';
import { isErrorSpan, type Resource, type Span } from '../model.js';
import type { TraceTree } from '../trace-tree.js';
import type { AnalysisBuffers } from './analysis-buffers.js';
import { ruleWeight } from './rule-weight.js';
import type { LabelCache, ResourceRecord, SpanSource } from './span-labels.js';
import { REPARENT_BYTES, SHAPE_BYTES } from './span-size.js';
import { spanDurationNanos, spanStartSeconds } from './span-time.js';
import type { ReusedTraceAnalysis, TraceAnalysis } from './trace-analysis.js';

/** What `prepareSpans` needs besides the trace. */
export interface PrepareContext {
  readonly labels: LabelCache;
  /** Budget units of a span (bytes); undefined when the budget counts spans (1 each). */
  readonly sizeOf: ((span: Span) => number) | undefined;
  readonly rules: SpanRuleLookup | undefined;
  /** A number no earlier trace used: marks the sources already seen in this one. */
  readonly stamp: number;
}

/**
 * The per-span facts a trace's analysis starts from, in one pass over its spans (each span object is
 * read once, while it is in cache): label, source, budget units, root/error/critical marks, rule
 * priority and weight, and the duration in nanoseconds (`spanDurationNanos`: no BigInt arithmetic) in
 * `buffers.durations`.
 * `buffers` must be reset for the trace.
 */
export function prepareSpans(
  tree: TraceTree,
  buffers: AnalysisBuffers,
  context: PrepareContext,
): TraceAnalysis {
  const { labels, sourceOf, units, keptUnits, durations } = buffers;
  // Made with its first source: `[source]` holds one value (a local trace has one source) where `[]`
  // allocates room for 17 on its first push.
  let sources: SpanSource[] | undefined;
  const mandatory = buffers.mandatory;
  const { sizeOf, rules, stamp } = context;
  const cache = context.labels;
  const { spans, parent, children } = tree;
  for (let t = 0; t < tree.tops.length; t++) mandatory[tree.tops[t]!] = 'root';
  let resource: Resource | undefined;
  let record: ResourceRecord | undefined;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (span.resource !== resource || record === undefined) {
      resource = span.resource;
      record = cache.recordOf(resource);
    }
    const label = cache.labelIn(record, resource, span.name);
    labels[i] = label;
    const source = record.source;
    if (source.stamp !== stamp) {
      source.stamp = stamp;
      const index = sources === undefined ? 0 : sources.length;
      source.index = index;
      if (sizeOf !== undefined) buffers.sourceUnits[index] = source.bytes;
      if (sources === undefined) sources = [source];
      else sources.push(source);
    }
    sourceOf[i] = source.index;
    durations[i] = spanDurationNanos(span);
    const size = sizeOf === undefined ? 1 : sizeOf(span);
    units[i] = size;
    // Kept spans are written with Autoscope's attributes: most parents of a kept span are dropped.
    keptUnits[i] =
      sizeOf === undefined
        ? 1
        : size + (parent[i]! >= 0 ? REPARENT_BYTES : 0) + (children[i]!.length > 0 ? SHAPE_BYTES : 0);
    if (mandatory[i] === undefined && isErrorSpan(span)) mandatory[i] = 'error';
    if (rules !== undefined) applyRule(buffers, i, rules, label.service, span.name);
  }
  buffers.sources = sources ?? [];
  return analysisOver(tree, buffers);
}

function applyRule(
  buffers: AnalysisBuffers,
  i: number,
  rules: SpanRuleLookup,
  service: string,
  name: string,
): void {
  const rule = rules(service, name);
  if (rule === undefined) return;
  buffers.priority[i] = rule.critical ? 1 : rule.priority;
  buffers.weight[i] = ruleWeight(rule);
  if (rule.critical && buffers.mandatory[i] === undefined) buffers.mandatory[i] = 'critical';
}

/** The buffers' analysis object, made once per buffers (one object less per trace when they are reused). */
function analysisOver(tree: TraceTree, buffers: AnalysisBuffers): TraceAnalysis {
  const reused = buffers.analysis;
  if (reused === undefined) {
    buffers.analysis = analysisOf(tree, buffers);
    return buffers.analysis;
  }
  reused.tree = tree;
  reused.sources = buffers.sources;
  reused.time = traceTimeSeconds(tree);
  return reused;
}

function analysisOf(tree: TraceTree, buffers: AnalysisBuffers): ReusedTraceAnalysis {
  return {
    tree,
    labels: buffers.labels,
    sources: buffers.sources,
    sourceOf: buffers.sourceOf,
    mandatory: buffers.mandatory,
    z: buffers.z,
    slowdown: buffers.slowdown,
    priority: buffers.priority,
    units: buffers.units,
    keptUnits: buffers.keptUnits,
    gapAnomaly: buffers.gapAnomaly,
    rareBranch: buffers.rareBranch,
    repeat: buffers.repeat,
    implied: buffers.implied,
    modelImplied: buffers.modelImplied,
    preferred: buffers.preferred,
    weight: buffers.weight,
    sourceUnits: buffers.sourceUnits,
    time: traceTimeSeconds(tree),
  };
}

/** Trace time in seconds: the root's start, truncated to the millisecond. */
function traceTimeSeconds(tree: TraceTree): number {
  const root = tree.tops[0];
  if (root === undefined) return 0;
  return spanStartSeconds(tree.spans[root]!);
}
