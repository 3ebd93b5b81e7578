import type { ScannedRequest, ScopeGroup } from './scanned-request.js';

const REQ_RESOURCE_SPANS = (1 << 3) | 2;
const RS_SCOPE_SPANS = (2 << 3) | 2;

/** The spans of one scope group to write: positions `[from, to)` of the index list. */
interface ScopePart {
  readonly group: ScopeGroup;
  readonly from: number;
  readonly to: number;
  size: number;
}

/** One `ResourceSpans` to write. */
interface ResourcePart {
  readonly scopes: ScopePart[];
  size: number;
}

/**
 * Writes an `ExportTraceServiceRequest` holding the spans `indices` (ascending) of `request`, each under
 * a copy of its resource and scope fields: bytes are copied, nothing is decoded or re-encoded.
 */
export function writeSubRequest(request: ScannedRequest, indices: ArrayLike<number>): Uint8Array {
  const parts = plan(request, indices);
  let total = 0;
  for (const part of parts) total += 1 + varintSize(part.size) + part.size;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out[at++] = REQ_RESOURCE_SPANS;
    at = writeVarint(out, at, part.size);
    at = writeResource(request, indices, part, out, at);
  }
  return out;
}

function plan(request: ScannedRequest, indices: ArrayLike<number>): ResourcePart[] {
  const parts: ResourcePart[] = [];
  let scope: ScopePart | undefined;
  let resource: ResourcePart | undefined;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    const group = request.scopeGroups[request.groups[i]!]!;
    if (scope === undefined || scope.group !== group) {
      if (resource === undefined || resource.scopes[0]!.group.resourceIndex !== group.resourceIndex) {
        resource = { scopes: [], size: fieldSize(group.resource) + fieldSize(group.resourceSchema) };
        parts.push(resource);
      }
      scope = { group, from: k, to: k, size: fieldSize(group.scope) + fieldSize(group.scopeSchema) };
      resource.scopes.push(scope);
    }
    (scope as { to: number }).to = k + 1;
    scope.size += request.ends[i]! - request.starts[i]!;
  }
  for (const part of parts) for (const s of part.scopes) part.size += 1 + varintSize(s.size) + s.size;
  return parts;
}

function writeResource(
  request: ScannedRequest,
  indices: ArrayLike<number>,
  part: ResourcePart,
  out: Uint8Array,
  start: number,
): number {
  const bytes = request.bytes;
  const first = part.scopes[0]!.group;
  let at = copyField(bytes, first.resource, out, start);
  for (const scope of part.scopes) {
    out[at++] = RS_SCOPE_SPANS;
    at = writeVarint(out, at, scope.size);
    at = copyField(bytes, scope.group.scope, out, at);
    for (let k = scope.from; k < scope.to; k++) {
      const i = indices[k]!;
      out.set(bytes.subarray(request.starts[i]!, request.ends[i]!), at);
      at += request.ends[i]! - request.starts[i]!;
    }
    at = copyField(bytes, scope.group.scopeSchema, out, at);
  }
  return copyField(bytes, first.resourceSchema, out, at);
}

function fieldSize(field: readonly [number, number]): number {
  return field[0] < 0 ? 0 : field[1] - field[0];
}

function copyField(bytes: Uint8Array, field: readonly [number, number], out: Uint8Array, at: number): number {
  if (field[0] < 0) return at;
  out.set(bytes.subarray(field[0], field[1]), at);
  return at + field[1] - field[0];
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    size++;
  }
  return size;
}

function writeVarint(out: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80;
    value = Math.floor(value / 128);
  }
  out[at++] = value;
  return at;
}
