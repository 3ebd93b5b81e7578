import type { StructureMode } from '../engine/options.js';
import { type KeyValue, makeScope, makeSpan, type Span } from '../model.js';
import type { TraceDecision } from '../strategy.js';
import { encodeShapeRows } from '../structure/shape-codec.js';
import type { ShapePublisher } from '../structure/shape-dictionary.js';
import type { TraceTree } from '../trace-tree.js';
import { AutoscopeAttributes as A, PLACEHOLDER_SCOPE_NAME } from './attributes.js';
import { type DroppedRegions, droppedRegions, regionAttribute } from './dropped-regions.js';
import { type AddedAttributes, appendAttributes, ExtraAttributes } from './extra-attributes.js';
import { MAX_PLANNED_SPANS, OutputPlan, OutputPlans } from './output-plans.js';
import { digestDurations, digestLayoutOf, plannedDigest } from './planned-digests.js';
import { type ReusingDigestLookup, regionTimingDigests } from './region-digests.js';
import { freshDefinitions, type ResidualShapes, residualShapes } from './residual-shapes.js';
import { fillPrefix, ReusedFloat64, ReusedInt32, ReusedUint8 } from './reused-arrays.js';

/** How to turn a decision into output spans. */
export interface MaterializeOptions {
  readonly structure: StructureMode;
  /** Write `autoscope.reason` and `autoscope.score` on kept spans. */
  readonly annotate: boolean;
  /** Write `autoscope.timing` digests (default true; see `regionTimingDigests`). */
  readonly timing?: boolean;
  /** Remembers which shape definitions this output stream already carries. */
  readonly publisher: ShapePublisher;
}

const PLACEHOLDER_SCOPE = makeScope(PLACEHOLDER_SCOPE_NAME);
const reusedKept = new ReusedUint8();
/** The `autoscope.*` attributes of the span being written (one list reused for every span). */
const extra = new ExtraAttributes();
const reusedAnchors = new ReusedInt32();
const reusedLabels = new ReusedFloat64();

/**
 * Receives the spans `materializeInto` writes, in output order, instead of an array of changed copies:
 * for a consumer that converts them anyway (the OpenTelemetry processor), which spares a copy per span.
 */
export interface MaterializeSink {
  /**
   * One output span: `span` is a kept input span (or, in `skeleton`, a dropped span's placeholder, built
   * already), `parentSpanId` its new parent's id when that changes (else undefined), and `added` the
   * attributes to append to its own (reused for the next span, values included: read it during the
   * call; `materialize` copies what it keeps). `materialize`
   * writes a copy of `span`'s fields with that parent and `attributes: [...span.attributes, ...added]`, or `span`
   * itself when nothing changes.
   */
  write(span: Span, parentSpanId: string | undefined, added: AddedAttributes): void;
}

/**
 * The spans to write for a decided trace, with no orphans: every output span's parent is in the output,
 * or it has no parent. Kept spans keep all their data; dropped spans vanish (`reparent`, `summary`) or
 * become placeholders (`skeleton`). In `reparent` and `summary` the dropped regions' shapes are recorded
 * (`autoscope.shape`, with definitions inline the first time), so the full tree shape can be rebuilt.
 */
export function materialize(decision: TraceDecision, options: MaterializeOptions): Span[] {
  const keptCount = keepMask(decision);
  if (keptCount === 0) return [];
  const skeletal = options.structure === 'skeleton';
  const collector = new SpanCollector(skeletal ? decision.tree.preorder.length : keptCount);
  writeOutput(decision, options, collector, false);
  return collector.spans;
}

/** `materialize`, each output span handed to `sink` (see `MaterializeSink`) instead of returned. */
export function materializeInto(
  decision: TraceDecision,
  options: MaterializeOptions,
  sink: MaterializeSink,
): void {
  if (keepMask(decision) > 0) writeOutput(decision, options, sink, true);
}

/** Fills the reused keep mask and returns how many spans are kept. */
function keepMask(decision: TraceDecision): number {
  const n = decision.tree.spans.length;
  const kept = reusedKept.take(n);
  let keptCount = 0;
  for (let i = 0; i < n; i++) {
    const keep = decision.decisions[i]!.keep;
    kept[i] = keep ? 1 : 0;
    if (keep) keptCount++;
  }
  return keptCount;
}

/**
 * Writes the output spans to `sink`. `shared`: the `autoscope.timing` value is written into arrays and a
 * key-value reused from span to span (a sink that reads `added` during the call only, as `materializeInto`
 * documents); otherwise each is fresh (`materialize` returns them).
 */
function writeOutput(
  decision: TraceDecision,
  options: MaterializeOptions,
  sink: MaterializeSink,
  shared: boolean,
): void {
  const kept = reusedKept.take(decision.tree.spans.length);
  if (options.structure === 'skeleton') skeleton(decision, kept, options, sink);
  else reparent(decision, kept, options, sink, shared);
}

/** The sink of `materialize`: changed copies in an array of the exact length. */
class SpanCollector implements MaterializeSink {
  readonly spans: Span[];
  private n = 0;

  constructor(count: number) {
    this.spans = new Array(count);
  }

  write(span: Span, parentSpanId: string | undefined, added: AddedAttributes): void {
    this.spans[this.n++] = withChanges(span, parentSpanId, added);
  }
}

function skeleton(
  decision: TraceDecision,
  kept: Uint8Array,
  options: MaterializeOptions,
  sink: MaterializeSink,
): void {
  const { tree } = decision;
  for (let o = 0; o < tree.preorder.length; o++) {
    const i = tree.preorder[o]!;
    const span = tree.spans[i]!;
    baseAttributes(decision, i, options);
    const fixedParent = topParent(tree, i);
    if (kept[i] === 1) sink.write(span, fixedParent, extra);
    else {
      extra.clear();
      sink.write(placeholder(span, fixedParent ?? span.parentSpanId), undefined, extra);
    }
  }
}

function placeholder(span: Span, parentSpanId: string): Span {
  return makeSpan({
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId,
    name: span.name,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    resource: span.resource,
    scope: PLACEHOLDER_SCOPE,
  });
}

function reparent(
  decision: TraceDecision,
  kept: Uint8Array,
  options: MaterializeOptions,
  sink: MaterializeSink,
  shared: boolean,
): void {
  const { tree } = decision;
  const labels = options.publisher.labels.fill(tree, reusedLabels.take(tree.spans.length));
  // Small traces in `reparent` mode go by their shape's plan; the others (and `summary`) as before. So
  // do traces with a label holding U+0000: their label hashes do not tell every two labels apart.
  if (
    plansOn &&
    options.structure === 'reparent' &&
    !options.publisher.labels.lastAmbiguous &&
    tree.spans.length <= MAX_PLANNED_SPANS &&
    tree.preorder.length === tree.spans.length
  ) {
    const plan = plans.find(tree, kept, labels) ?? newPlan(tree, kept, labels);
    writePlanned(decision, kept, labels, plan, options, sink, shared);
    return;
  }
  const shapes = residualShapes(tree, kept, labels);
  const anchors = keptAncestors(tree, kept);
  const slots = slotsOf(tree, kept, anchors, shapes.holeContext);
  const regions = droppedRegions(tree, kept, anchors, options.structure);
  const timing = options.timing === false ? undefined : regionTimingDigests(tree, kept, anchors);
  for (let o = 0; o < tree.preorder.length; o++) {
    const i = tree.preorder[o]!;
    if (kept[i] !== 1) continue;
    const span = tree.spans[i]!;
    baseAttributes(decision, i, options);
    const anchor = anchors[i]!;
    let parentSpanId = topParent(tree, i);
    if (tree.parent[i]! >= 0 && anchor !== tree.parent[i]) {
      parentSpanId = anchor >= 0 ? tree.spans[anchor]!.spanId : '';
      extra.add(smallIntKv(A.GAP, depthBetween(tree, i, anchor), GAP_KVS));
    }
    const slot = slots.size > 0 ? slots.get(i) : undefined;
    if (slot !== undefined) extra.add(smallIntKv(A.SLOT, slot, SLOT_KVS));
    if (shapes.shape[i]! >= 0) {
      addShape(tree, kept, shapes, i, shapes.shape[i]!, options.publisher);
      if (timing !== undefined) addTiming(timing, i, shared);
    }
    const region = regions.size > 0 ? regionAttribute(regions, i, options.structure) : undefined;
    if (region !== undefined) extra.add(region);
    sink.write(span, parentSpanId, extra);
  }
}

/**
 * `reparent` of a small trace from its shape's plan: only the per-trace parts are computed (the parents'
 * ids, the digests' self times, the repeat groups' statistics when the shape has any).
 */
function writePlanned(
  decision: TraceDecision,
  kept: Uint8Array,
  labels: Float64Array,
  plan: OutputPlan,
  options: MaterializeOptions,
  sink: MaterializeSink,
  shared: boolean,
): void {
  const { tree } = decision;
  const publisher = options.publisher;
  const preorder = tree.preorder;
  const n = preorder.length;
  // The residual shapes are needed only for definitions this stream has not published (a new shape).
  let shapes: ResidualShapes | undefined;
  for (let o = 0; o < n; o++) {
    const shape = plan.shapes[o]!;
    if (shape >= 0 && !publisher.has(shape)) {
      shapes = residualShapes(tree, kept, labels);
      break;
    }
  }
  const regions = plan.repeats ? droppedRegions(tree, kept, anchorsOf(tree, plan), 'reparent') : NO_REGIONS;
  const layout = options.timing === false ? undefined : plan.digests;
  const durations = layout === undefined ? undefined : digestDurations(tree);
  for (let o = 0; o < n; o++) {
    if (plan.kept[o] !== 1) continue;
    const i = preorder[o]!;
    const span = tree.spans[i]!;
    baseAttributes(decision, i, options);
    let parentSpanId = topParent(tree, i);
    const gap = plan.gaps[o]!;
    if (gap >= 0) {
      const anchor = plan.anchors[o]!;
      parentSpanId = anchor >= 0 ? tree.spans[preorder[anchor]!]!.spanId : '';
      extra.add(smallIntKv(A.GAP, gap, GAP_KVS));
    }
    const slot = plan.slots[o]!;
    if (slot >= 0) extra.add(smallIntKv(A.SLOT, slot, SLOT_KVS));
    const shape = plan.shapes[o]!;
    if (shape >= 0) {
      addShape(tree, kept, shapes, i, shape, publisher);
      if (durations !== undefined) addDigest(plannedDigest(layout!, o, tree, durations, shared), shared);
    }
    const region = regions.size > 0 ? regionAttribute(regions, i, 'reparent') : undefined;
    if (region !== undefined) extra.add(region);
    sink.write(span, parentSpanId, extra);
  }
}

/** Adds kept span i's `autoscope.shape`, and the definitions `publisher` lacks (`shapes` given then). */
function addShape(
  tree: TraceTree,
  kept: Uint8Array,
  shapes: ResidualShapes | undefined,
  i: number,
  shape: number,
  publisher: ShapePublisher,
): void {
  extra.add(shapeKv(shape));
  if (shapes === undefined || publisher.has(shape)) return;
  const fresh = freshDefinitions(tree, kept, shapes, i, publisher);
  if (fresh.length > 0)
    extra.add({ key: A.SHAPES, value: { stringValue: encodeShapeRows(fresh, publisher.labelRefs) } });
}

/** Plans by trace shape, shared by every output stream (see `OutputPlans`). */
const plans = new OutputPlans();
let plansOn = true;

/**
 * Turns the shape plans of `reparent` on (the default) or off. The output is the same either way; tests
 * compare the two paths with it.
 */
export function useOutputPlans(on: boolean): void {
  plansOn = on;
}
const NO_REGIONS: DroppedRegions = new Map();

/**
 * Makes and caches the plan of a small trace whose key `plans.find` has just computed (and not found).
 */
function newPlan(tree: TraceTree, kept: Uint8Array, labels: Float64Array): OutputPlan {
  const n = tree.preorder.length;
  const shapes = residualShapes(tree, kept, labels);
  const anchors = keptAncestors(tree, kept);
  const slots = slotsOf(tree, kept, anchors, shapes.holeContext);
  const plan = new OutputPlan(n);
  plans.keyInto(plan);
  const position = plans.positions;
  for (let o = 0; o < n; o++) {
    const i = tree.preorder[o]!;
    const anchor = anchors[i]!;
    plan.anchors[o] = anchor < 0 ? -1 : position[anchor]!;
    plan.gaps[o] =
      kept[i] === 1 && tree.parent[i]! >= 0 && anchor !== tree.parent[i] ? depthBetween(tree, i, anchor) : -1;
    plan.slots[o] = kept[i] === 1 && slots.size > 0 ? (slots.get(i) ?? -1) : -1;
    plan.shapes[o] = kept[i] === 1 ? shapes.shape[i]! : -1;
  }
  plan.repeats = droppedRegions(tree, kept, anchors, 'reparent').size > 0;
  plan.digests = digestLayoutOf(tree, kept, anchors, position);
  plans.store(plan);
  return plan;
}

/** Nearest kept ancestor of every span by index, from a plan (a reused array, as `keptAncestors`). */
function anchorsOf(tree: TraceTree, plan: OutputPlan): Int32Array {
  const n = tree.spans.length;
  const anchors = reusedAnchors.take(n);
  const preorder = tree.preorder;
  for (let o = 0; o < n; o++) {
    const a = plan.anchors[o]!;
    anchors[preorder[o]!] = a < 0 ? -1 : preorder[a]!;
  }
  return anchors;
}

/** `autoscope.gap` and `autoscope.slot` key-values of small values, frozen and shared (as `shapeKv`'s). */
const GAP_KVS: KeyValue[] = [];
const SLOT_KVS: KeyValue[] = [];
const SMALL_KVS = 64;

function smallIntKv(key: string, value: number, cache: KeyValue[]): KeyValue {
  if (value >= SMALL_KVS) return intKv(key, value);
  let kv = cache[value];
  if (kv === undefined) {
    kv = Object.freeze({ key, value: Object.freeze({ intValue: BigInt(value) }) });
    cache[value] = kv;
  }
  return kv;
}

/** The reused `autoscope.timing` key-value of `shared` output (its value is rewritten per span). */
const sharedTimingValue: { bytesValue: Uint8Array } = { bytesValue: new Uint8Array(0) };
const sharedTiming: KeyValue = { key: A.TIMING, value: sharedTimingValue };

/** Adds span i's `autoscope.timing` digest, if it has one (see `writeOutput` for `shared`). */
function addTiming(timing: ReusingDigestLookup, i: number, shared: boolean): void {
  if (!shared) {
    const digest = timing.get(i);
    if (digest !== undefined) extra.add({ key: A.TIMING, value: { bytesValue: digest } });
    return;
  }
  const digest = timing.shared(i);
  if (digest === undefined) return;
  sharedTimingValue.bytesValue = digest;
  extra.add(sharedTiming);
}

/** Adds a planned digest (see `addTiming`: a shared one is written under the reused key-value). */
function addDigest(digest: Uint8Array | undefined, shared: boolean): void {
  if (digest === undefined) return;
  if (shared) {
    sharedTimingValue.bytesValue = digest;
    extra.add(sharedTiming);
  } else extra.add({ key: A.TIMING, value: { bytesValue: digest } });
}

/** For a top-level span whose parent is missing from the trace: '' (and the attribute is added). */
function topParent(tree: TraceTree, i: number): string | undefined {
  const span = tree.spans[i]!;
  return tree.parent[i]! < 0 && span.parentSpanId !== '' ? '' : undefined;
}

/** Starts span i's `extra` attributes: a missing parent, and the reason and score with `annotate`. */
function baseAttributes(decision: TraceDecision, i: number, options: MaterializeOptions): void {
  extra.clear();
  const span = decision.tree.spans[i]!;
  if (decision.tree.parent[i]! < 0 && span.parentSpanId !== '') {
    extra.add({ key: A.MISSING_PARENT, value: { stringValue: span.parentSpanId } });
  }
  if (options.annotate && decision.decisions[i]!.keep) {
    extra.add({ key: A.REASON, value: { stringValue: decision.decisions[i]!.reason } });
    extra.add({ key: A.SCORE, value: { doubleValue: round3(decision.decisions[i]!.score) } });
  }
}

/**
 * The span with its new parent (if any) and `added` appended to its attributes, or itself when neither.
 * Every field is read by name, not spread: a span whose fields are getters or come from its class (the
 * OpenTelemetry processor's engine spans) is copied whole, and an adapter's extra properties (hints that
 * describe the original's times) are not carried onto a copy they may no longer describe.
 */
function withChanges(span: Span, parentSpanId: string | undefined, added: AddedAttributes): Span {
  if (parentSpanId === undefined && added.count === 0) return span;
  return makeSpan({
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: parentSpanId ?? span.parentSpanId,
    traceState: span.traceState,
    flags: span.flags,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    attributes: added.count === 0 ? span.attributes : appendAttributes(span.attributes, added),
    droppedAttributesCount: span.droppedAttributesCount,
    events: span.events,
    droppedEventsCount: span.droppedEventsCount,
    links: span.links,
    droppedLinksCount: span.droppedLinksCount,
    status: span.status,
    resource: span.resource,
    scope: span.scope,
  });
}

/** Nearest kept proper ancestor of every span, or -1 (a reused array: valid until the next call). */
function keptAncestors(tree: TraceTree, kept: Uint8Array): Int32Array {
  const anchors = fillPrefix(reusedAnchors.take(tree.spans.length), -1, tree.spans.length);
  for (let o = 0; o < tree.preorder.length; o++) {
    const i = tree.preorder[o]!;
    const p = tree.parent[i]!;
    anchors[i] = p < 0 ? -1 : kept[p] === 1 ? p : anchors[p]!;
  }
  return anchors;
}

function depthBetween(tree: TraceTree, i: number, anchor: number): number {
  let gap = 0;
  for (let p = tree.parent[i]!; p >= 0 && p !== anchor; p = tree.parent[p]!) gap++;
  return gap;
}

/** Slot numbers for kept spans whose label has holes in more than one context under the same anchor. */
function slotsOf(
  tree: TraceTree,
  kept: Uint8Array,
  anchors: Int32Array,
  contexts: Float64Array,
): ReadonlyMap<number, number> {
  if (!twoReparented(tree, kept, anchors)) return NO_SLOTS;
  const slots = new Map<number, number>();
  const byAnchor = new Map<number, number[]>();
  const lists: number[][] = [];
  for (let i = 0; i < tree.spans.length; i++) {
    const anchor = anchors[i]!;
    if (kept[i] !== 1 || anchor < 0) continue;
    const members = byAnchor.get(anchor);
    if (members !== undefined) members.push(i);
    else {
      const fresh = [i];
      byAnchor.set(anchor, fresh);
      lists.push(fresh);
    }
  }
  for (let a = 0; a < lists.length; a++) {
    const members = lists[a]!;
    if (members.length < 2) continue;
    const groups = byLabel(tree, members);
    for (let g = 0; g < groups.length; g++) {
      if (groups[g]!.length >= 2) numberSlots(groups[g]!, contexts, slots);
    }
  }
  return slots;
}

const NO_SLOTS: ReadonlyMap<number, number> = new Map();

/** True when at least two kept spans have a kept ancestor (else no anchor can have two holes). */
function twoReparented(tree: TraceTree, kept: Uint8Array, anchors: Int32Array): boolean {
  let count = 0;
  for (let i = 0; i < tree.spans.length; i++)
    if (kept[i] === 1 && anchors[i]! >= 0 && ++count > 1) return true;
  return false;
}

/** Slots of one label's holes under one anchor: each one's rank among the distinct contexts, when several. */
function numberSlots(group: readonly number[], contexts: Float64Array, slots: Map<number, number>): void {
  const seen = new Set<number>();
  for (let k = 0; k < group.length; k++) seen.add(contexts[group[k]!]!);
  if (seen.size < 2) return;
  const distinct = Array.from(seen).sort((a, b) => a - b);
  for (let k = 0; k < group.length; k++) slots.set(group[k]!, distinct.indexOf(contexts[group[k]!]!));
}

/** Spans grouped by (service, name), each group in index order. */
function byLabel(tree: TraceTree, members: readonly number[]): number[][] {
  const services = new Map<string, Map<string, number[]>>();
  const groups: number[][] = [];
  for (let m = 0; m < members.length; m++) {
    const i = members[m]!;
    const span = tree.spans[i]!;
    let names = services.get(span.resource.serviceName);
    if (names === undefined) {
      names = new Map();
      services.set(span.resource.serviceName, names);
    }
    const group = names.get(span.name);
    if (group === undefined) {
      const fresh = [i];
      names.set(span.name, fresh);
      groups.push(fresh);
    } else group.push(i);
  }
  return groups;
}

/**
 * `autoscope.shape` attributes already written, in a direct-mapped cache by the hash's low bits (compared
 * by hash): a service's traces repeat a few shapes, often alternating from span to span, where a
 * one-entry cache made a BigInt and two frozen objects per span (1.6% of the OpenTelemetry processor in
 * the demo). Shared by spans of many traces and returned by `materialize`, so frozen (each and its
 * value): no caller can change another trace's attribute through it.
 */
const SHAPE_SLOTS = 256;
const shapeHashes = new Float64Array(SHAPE_SLOTS).fill(-1);
const shapeKvs: KeyValue[] = new Array<KeyValue>(SHAPE_SLOTS);

/** `intKv(A.SHAPE, hash)` for a hash in [0, 2^53), shared by every span with that hash while it stays cached. */
function shapeKv(hash: number): KeyValue {
  const slot = hash % SHAPE_SLOTS;
  if (shapeHashes[slot] === hash) return shapeKvs[slot]!;
  const kv = frozenShapeKv(hash);
  shapeHashes[slot] = hash;
  shapeKvs[slot] = kv;
  return kv;
}

function frozenShapeKv(hash: number): KeyValue {
  return Object.freeze({ key: A.SHAPE, value: Object.freeze({ intValue: BigInt(hash) }) });
}

function intKv(key: string, value: number): KeyValue {
  return { key, value: { intValue: BigInt(value) } };
}

function round3(value: number): number {
  // `+ 0`: a score just below zero rounds to -0, which would be written as a negative zero.
  return Number.isFinite(value) ? Math.round(value * 1000) / 1000 + 0 : 0;
}
