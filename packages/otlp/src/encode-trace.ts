/**
 * Protobuf encoding of spans as one `ExportTraceServiceRequest`: spans are grouped by resource object,
 * then by scope object (first-seen order), sized in one pass and written into one exact buffer.
 * Fields holding their protobuf default are omitted (canonical proto3 encoding).
 */
import type { InstrumentationScope, Resource, Span } from '@autoscope/core';
import { sizeAttributes, writeAttributes } from './encode-common.js';
import { sizeSpan, writeSpan } from './encode-span.js';
import { groupSpans, type ResourceGroup, type ScopeGroup } from './group-spans.js';
import { LengthLog, lenFieldSize, varintSize, WireWriter } from './wire-writer.js';

const lengths = new LengthLog();

/** Encodes spans as an OTLP/protobuf `ExportTraceServiceRequest`. */
export function encodeTraceRequest(spans: readonly Span[]): Uint8Array {
  const groups = groupSpans(spans);
  lengths.reset();
  const w = new WireWriter(sizeRequest(lengths, groups), lengths);
  writeRequest(w, groups);
  return w.bytes;
}

/** The exact byte size of `encodeTraceRequest(spans)`, computed without building the output. */
export function encodedTraceRequestSize(spans: readonly Span[]): number {
  lengths.reset();
  let size: number;
  try {
    size = sizeRequestInPlace(lengths, spans);
  } catch (error) {
    clearPairs(0); // a span that cannot be encoded must not leave its pairs to the next call
    throw error;
  }
  if (size >= 0) return size;
  lengths.reset();
  return sizeRequest(lengths, groupSpans(spans));
}

/** (resource, scope) pairs at most sized in place; past it, spans are grouped (rare: many resources). */
const MAX_PAIRS = 64;
/** Reused by every size pass (single-threaded; emptied after each): the pairs of one request... */
const pairResources: Resource[] = [];
const pairScopes: InstrumentationScope[] = [];
/** ...and the summed sizes of their span fields. */
const pairSpanBytes = new Float64Array(MAX_PAIRS);

/**
 * The size of the request without grouping spans into new arrays: each span's field size is added to
 * its (resource, scope) pair, then pairs are summed per resource in first-seen order, as `groupSpans`
 * orders them. Allocates nothing; returns -1 past `MAX_PAIRS` pairs.
 */
function sizeRequestInPlace(log: LengthLog, spans: readonly Span[]): number {
  let pairs = 0;
  let last = -1;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    let pair = last;
    if (pair < 0 || pairResources[pair] !== span.resource || pairScopes[pair] !== span.scope) {
      pair = findPair(span.resource, span.scope, pairs);
      if (pair === pairs) {
        if (pairs === MAX_PAIRS) return clearPairs(-1);
        pairResources.push(span.resource);
        pairScopes.push(span.scope);
        pairSpanBytes[pairs++] = 0;
      }
      last = pair;
    }
    pairSpanBytes[pair]! += lenFieldSize(sizeSpan(log, span));
  }
  let size = 0;
  for (let p = 0; p < pairs; p++) {
    const resource = pairResources[p]!;
    if (pairResources.indexOf(resource) === p)
      size += lenFieldSize(sizeResourceOfPairs(log, resource, p, pairs));
  }
  return clearPairs(size);
}

function findPair(resource: Resource, scope: InstrumentationScope, pairs: number): number {
  for (let p = 0; p < pairs; p++) if (pairResources[p] === resource && pairScopes[p] === scope) return p;
  return pairs;
}

/** A `ResourceSpans` body from the pairs of `resource` (the first at `first`), as `sizeResourceSpans`. */
function sizeResourceOfPairs(log: LengthLog, resource: Resource, first: number, pairs: number): number {
  let size = 0;
  if (hasResourceBody(resource)) {
    let body = sizeAttributes(log, resource.attributes);
    if (resource.droppedAttributesCount !== 0) body += 1 + varintSize(resource.droppedAttributesCount >>> 0);
    size += lenFieldSize(body);
  }
  for (let p = first; p < pairs; p++) {
    if (pairResources[p] !== resource) continue;
    const scope = pairScopes[p]!;
    let body = pairSpanBytes[p]!;
    if (hasScopeBody(scope)) body += lenFieldSize(sizeScope(log, scope));
    if (scope.schemaUrl !== '') body += 1 + log.string(scope.schemaUrl);
    size += lenFieldSize(body);
  }
  if (resource.schemaUrl !== '') size += 1 + log.string(resource.schemaUrl);
  return size;
}

function clearPairs(result: number): number {
  pairResources.length = 0;
  pairScopes.length = 0;
  return result;
}

// ExportTraceServiceRequest.resource_spans = 1; ResourceSpans { resource = 1; scope_spans = 2; schema_url = 3 }
// Resource { attributes = 1; dropped_attributes_count = 2 }
// ScopeSpans { scope = 1; spans = 2; schema_url = 3 }
// InstrumentationScope { name = 1; version = 2; attributes = 3; dropped_attributes_count = 4 }
const TAG_1_LEN = 0x0a;
const TAG_2_LEN = 0x12;
const TAG_3_LEN = 0x1a;
const TAG_2_VARINT = 0x10;
const TAG_4_VARINT = 0x20;

function sizeRequest(log: LengthLog, groups: readonly ResourceGroup[]): number {
  let size = 0;
  for (let g = 0; g < groups.length; g++) {
    const slot = log.reserve();
    const body = sizeResourceSpans(log, groups[g]!);
    log.set(slot, body);
    size += lenFieldSize(body);
  }
  return size;
}

function writeRequest(w: WireWriter, groups: readonly ResourceGroup[]): void {
  for (let g = 0; g < groups.length; g++) {
    w.bytes[w.pos++] = TAG_1_LEN;
    w.length();
    writeResourceSpans(w, groups[g]!);
  }
}

function sizeResourceSpans(log: LengthLog, group: ResourceGroup): number {
  const { resource } = group;
  let size = 0;
  if (hasResourceBody(resource)) {
    const slot = log.reserve();
    let body = sizeAttributes(log, resource.attributes);
    if (resource.droppedAttributesCount !== 0) body += 1 + varintSize(resource.droppedAttributesCount >>> 0);
    log.set(slot, body);
    size += lenFieldSize(body);
  }
  for (let s = 0; s < group.scopes.length; s++) {
    const slot = log.reserve();
    const body = sizeScopeSpans(log, group.scopes[s]!);
    log.set(slot, body);
    size += lenFieldSize(body);
  }
  if (resource.schemaUrl !== '') size += 1 + log.string(resource.schemaUrl);
  return size;
}

function writeResourceSpans(w: WireWriter, group: ResourceGroup): void {
  const { resource } = group;
  if (hasResourceBody(resource)) {
    w.bytes[w.pos++] = TAG_1_LEN;
    w.length();
    writeAttributes(w, TAG_1_LEN, resource.attributes);
    if (resource.droppedAttributesCount !== 0) {
      w.bytes[w.pos++] = TAG_2_VARINT;
      w.varint(resource.droppedAttributesCount >>> 0);
    }
  }
  for (let s = 0; s < group.scopes.length; s++) {
    w.bytes[w.pos++] = TAG_2_LEN;
    w.length();
    writeScopeSpans(w, group.scopes[s]!);
  }
  if (resource.schemaUrl !== '') {
    w.bytes[w.pos++] = TAG_3_LEN;
    w.string(resource.schemaUrl);
  }
}

function hasResourceBody(resource: Resource): boolean {
  return resource.attributes.length > 0 || resource.droppedAttributesCount !== 0;
}

function sizeScopeSpans(log: LengthLog, group: ScopeGroup): number {
  const { scope, spans } = group;
  let size = 0;
  if (hasScopeBody(scope)) {
    const slot = log.reserve();
    const body = sizeScope(log, scope);
    log.set(slot, body);
    size += lenFieldSize(body);
  }
  for (let i = 0; i < spans.length; i++) {
    const slot = log.reserve();
    const body = sizeSpan(log, spans[i]!);
    log.set(slot, body);
    size += lenFieldSize(body);
  }
  if (scope.schemaUrl !== '') size += 1 + log.string(scope.schemaUrl);
  return size;
}

function writeScopeSpans(w: WireWriter, group: ScopeGroup): void {
  const { scope, spans } = group;
  if (hasScopeBody(scope)) {
    w.bytes[w.pos++] = TAG_1_LEN;
    w.length();
    writeScope(w, scope);
  }
  for (let i = 0; i < spans.length; i++) {
    w.bytes[w.pos++] = TAG_2_LEN;
    w.length();
    writeSpan(w, spans[i]!);
  }
  if (scope.schemaUrl !== '') {
    w.bytes[w.pos++] = TAG_3_LEN;
    w.string(scope.schemaUrl);
  }
}

function hasScopeBody(scope: InstrumentationScope): boolean {
  return (
    scope.name !== '' ||
    scope.version !== '' ||
    scope.attributes.length > 0 ||
    scope.droppedAttributesCount !== 0
  );
}

function sizeScope(log: LengthLog, scope: InstrumentationScope): number {
  let size = 0;
  if (scope.name !== '') size += 1 + log.string(scope.name);
  if (scope.version !== '') size += 1 + log.string(scope.version);
  size += sizeAttributes(log, scope.attributes);
  if (scope.droppedAttributesCount !== 0) size += 1 + varintSize(scope.droppedAttributesCount >>> 0);
  return size;
}

function writeScope(w: WireWriter, scope: InstrumentationScope): void {
  if (scope.name !== '') {
    w.bytes[w.pos++] = TAG_1_LEN;
    w.string(scope.name);
  }
  if (scope.version !== '') {
    w.bytes[w.pos++] = TAG_2_LEN;
    w.string(scope.version);
  }
  writeAttributes(w, TAG_3_LEN, scope.attributes);
  if (scope.droppedAttributesCount !== 0) {
    w.bytes[w.pos++] = TAG_4_VARINT;
    w.varint(scope.droppedAttributesCount >>> 0);
  }
}
