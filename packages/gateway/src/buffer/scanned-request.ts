/** A request in encoded form with a small index of its spans: what the gateway buffers instead of objects. */

/** Where one `ScopeSpans` of a request sits: raw fields (tag included) to copy when spans are decoded. */
export interface ScopeGroup {
  /** Index of its `ResourceSpans` in the request. */
  readonly resourceIndex: number;
  /** `[start, end)` of the last `resource` field (start -1: none). */
  readonly resource: readonly [number, number];
  /** `[start, end)` of the `ResourceSpans.schema_url` field (start -1: none). */
  readonly resourceSchema: readonly [number, number];
  /** `[start, end)` of the last `scope` field (start -1: none). */
  readonly scope: readonly [number, number];
  /** `[start, end)` of the `ScopeSpans.schema_url` field (start -1: none). */
  readonly scopeSchema: readonly [number, number];
}

/**
 * An `ExportTraceServiceRequest` checked for well-formedness, with the position of each valid span. Spans
 * `i < count` are valid; `starts[i]`/`ends[i]` bound the raw `spans` field (tag included) and
 * `groups[i]` indexes `scopeGroups`. Invalid spans (bad ids) are only counted.
 */
export interface ScannedRequest {
  readonly bytes: Uint8Array;
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly groups: Int32Array;
  readonly scopeGroups: readonly ScopeGroup[];
  /** Trace id (lowercase hex) of each valid span. */
  readonly traceIds: readonly string[];
  /** 1 where the valid span is a root (no parent, or an all-zero parent). */
  readonly roots: Uint8Array;
  /** Spans left out because their ids are invalid. */
  readonly invalid: number;
  /** Why the first invalid span was left out ('' when none). */
  readonly invalidReason: string;
}

/** No field. */
export const NO_FIELD: readonly [number, number] = Object.freeze([-1, -1]) as readonly [number, number];
