import {
  type AddedAttributes,
  AutoscopeAttributes,
  type KeyValue,
  PLACEHOLDER_SCOPE_NAME,
  type Span,
} from '@autoscope/core';
import type { Attributes, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { copyAttributes, fromAnyValue } from './attribute-values.js';
import { ExportedSpan } from './exported-span.js';
import type { SourcedSpan } from './to-core-span.js';

/** Where an output span's original comes from, and which span anchors spans whose parent is missing. */
export interface ExportContext {
  /** The trace's ended spans (searched only for `skeleton` placeholders, which carry no source). */
  readonly readables: readonly ReadableSpan[];
  /** Span id of the decided trace's root (always kept), or '' for late spans. */
  readonly rootSpanId: string;
  /** Kept spans to export as placeholders (dropped connectors), if any. */
  readonly placeholders: readonly string[] | undefined;
}

const PLACEHOLDER_SCOPE = Object.freeze({ name: PLACEHOLDER_SCOPE_NAME });

/**
 * An output span of the core engine as a ReadableSpan for the wrapped exporter. An unchanged kept span is
 * the original object itself; otherwise a copy with the new parent (the nearest kept ancestor) and the
 * `autoscope.*` attributes added. A local root keeps its original (remote) parent untouched. A span whose
 * local parent had not ended at decision time is attached to the trace's root (`autoscope.missing_parent`
 * names the real parent), or, if it is the root itself, keeps its real parent.
 */
export function toReadableSpan(out: Span, context: ExportContext): ReadableSpan | undefined {
  return readableOf(out, out.parentSpanId, new ListedAttributes(out.attributes), context);
}

/**
 * `toReadableSpan` of what `materializeInto` hands its sink: the core span `span` under `parentSpanId`
 * (its own or the new one) with the `added` attributes (the autoscope.* ones: engine spans carry none).
 */
export function readableOf(
  span: Span,
  parentSpanId: string,
  added: AddedAttributes,
  context: ExportContext,
): ReadableSpan | undefined {
  const source = (span as Partial<SourcedSpan>).source;
  if (source === undefined) {
    const original = context.readables.find((r) => r.spanContext().spanId === span.spanId);
    return original === undefined ? undefined : placeholderOf(original, parentById(original, parentSpanId));
  }
  const parent = parentOf(span.spanId, parentSpanId, source, added, context.rootSpanId);
  if (context.placeholders?.includes(span.spanId) === true) return placeholderOf(source, parent);
  if (added.count === 0 && parent === source.parentSpanContext) return source;
  return ExportedSpan.copyOf(
    source,
    parent,
    added.count === 0 ? source.attributes : withExtras(source.attributes, added),
  );
}

/** An attribute array seen as `AddedAttributes`. */
class ListedAttributes implements AddedAttributes {
  private readonly list: readonly KeyValue[];

  constructor(list: readonly KeyValue[]) {
    this.list = list;
  }

  get count(): number {
    return this.list.length;
  }

  at(k: number): KeyValue {
    return this.list[k]!;
  }
}

function parentOf(
  spanId: string,
  parentSpanId: string,
  source: ReadableSpan,
  added: AddedAttributes,
  rootSpanId: string,
): SpanContext | undefined {
  const original = source.parentSpanContext;
  let parentId = parentSpanId;
  if (parentId === '') {
    if (!hasKey(added, AutoscopeAttributes.MISSING_PARENT) || rootSpanId === '' || rootSpanId === spanId)
      return original;
    parentId = rootSpanId;
  }
  if (original !== undefined && original.spanId === parentId) return original;
  const self = source.spanContext();
  return { traceId: self.traceId, spanId: parentId, traceFlags: self.traceFlags, isRemote: false };
}

function hasKey(added: AddedAttributes, key: string): boolean {
  for (let i = 0; i < added.count; i++) if (added.at(i).key === key) return true;
  return false;
}

/**
 * The span's attributes with the `autoscope.*` ones added (a copy: the SDK's object stays as it is).
 * Copied key by key, not spread: adding a key to a spread copy made V8 rebuild the object (about 6x
 * slower and 3x the bytes, measured on SDK spans).
 */
function withExtras(attributes: Attributes, added: AddedAttributes): Attributes {
  const merged = copyAttributes(attributes);
  for (let i = 0; i < added.count; i++) {
    const kv = added.at(i);
    const value = fromAnyValue(kv.value);
    if (value !== undefined) merged[kv.key] = value;
  }
  return merged;
}

function parentById(source: ReadableSpan, parentSpanId: string): SpanContext | undefined {
  const context = source.spanContext();
  const original = source.parentSpanContext;
  return parentSpanId === '' || original?.spanId === parentSpanId
    ? original
    : { traceId: context.traceId, spanId: parentSpanId, traceFlags: context.traceFlags, isRemote: false };
}

/** A dropped span reduced to ids, parent, name, kind and times, under the placeholder scope. */
function placeholderOf(source: ReadableSpan, parent: SpanContext | undefined): ReadableSpan {
  return ExportedSpan.placeholderOf(source, parent, PLACEHOLDER_SCOPE);
}
