import { Buffer } from 'node:buffer';

/** Spans removed from an OTLP/JSON request, and why the first one was. */
export interface InvalidJsonSpans {
  readonly count: number;
  readonly firstReason: string;
}

const HEX = /^[0-9a-fA-F]+$/;

/**
 * Removes, in place, the spans of a parsed OTLP/JSON request whose trace or span id is missing, of the
 * wrong size or all zero, whose parent id is of the wrong size, or one of whose links has such an id
 * (partial success rejects them alone, as for protobuf).
 * Anything that does not look like a request is left for the decoder to report.
 */
export function dropInvalidJsonSpans(value: unknown): InvalidJsonSpans {
  let count = 0;
  let firstReason = '';
  for (const resourceSpans of list(value, 'resourceSpans', 'resource_spans'))
    for (const scopeSpans of list(resourceSpans, 'scopeSpans', 'scope_spans')) {
      const spans = list(scopeSpans, 'spans', 'spans');
      for (let i = spans.length - 1; i >= 0; i--) {
        const reason = invalidIds(spans[i]);
        if (reason === undefined) continue;
        spans.splice(i, 1);
        count++;
        firstReason = reason;
      }
    }
  return { count, firstReason };
}

function list(value: unknown, name: string, snake: string): unknown[] {
  if (typeof value !== 'object' || value === null) return [];
  const o = value as Record<string, unknown>;
  const items = o[name] ?? o[snake];
  return Array.isArray(items) ? items : [];
}

function invalidIds(span: unknown): string | undefined {
  if (typeof span !== 'object' || span === null) return undefined;
  const o = span as Record<string, unknown>;
  if (!validId(o.traceId ?? o.trace_id, 16, false)) return 'invalid traceId (not 16 bytes, or all zero)';
  if (!validId(o.spanId ?? o.span_id, 8, false)) return 'invalid spanId (not 8 bytes, or all zero)';
  if (!validId(o.parentSpanId ?? o.parent_span_id, 8, true)) return 'invalid parentSpanId (not 8 bytes)';
  const links = o.links;
  if (Array.isArray(links))
    for (const link of links) {
      if (typeof link !== 'object' || link === null) continue;
      const l = link as Record<string, unknown>;
      // As in protobuf (the scanner rejects what the decoder would): a link's ids must be whole and non-zero.
      if (!validId(l.traceId ?? l.trace_id, 16, false) || !validId(l.spanId ?? l.span_id, 8, false))
        return 'invalid link id (not 16/8 bytes, or all zero)';
    }
  return undefined;
}

/** Hex (per the OTLP/JSON spec) or base64 of `bytes` bytes, not all zero (a parent may be empty or zero). */
function validId(value: unknown, bytes: number, parent: boolean): boolean {
  if (value === undefined || value === '') return parent;
  if (typeof value !== 'string') return true; // a type error: the decoder names it
  let decoded: Buffer | undefined;
  if (value.length === bytes * 2 && HEX.test(value)) decoded = Buffer.from(value, 'hex');
  else if (value.length === Math.ceil(bytes / 3) * 4) decoded = Buffer.from(value, 'base64');
  if (decoded === undefined || decoded.length !== bytes) return false;
  return parent || decoded.some((b) => b !== 0);
}
