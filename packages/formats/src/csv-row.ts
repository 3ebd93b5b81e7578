import type { InstrumentationScope, Resource, Span } from '@autoscope/core';
import { makeSpan } from '@autoscope/core';
import { exactHexId, SPAN_ID_HEX, TRACE_ID_HEX } from './hex-ids.js';

/** Column indices of a trace CSV, found from its header. */
export interface CsvColumns {
  readonly count: number;
  readonly traceId: number;
  readonly spanId: number;
  readonly parentId: number;
  readonly pod: number;
  readonly operation: number;
  readonly start: number;
  readonly end: number;
}

type ColumnName = Exclude<keyof CsvColumns, 'count'>;

/** Accepted header names, compared lowercased with `_`, `-` and spaces removed. */
const HEADER_NAMES: Readonly<Record<string, ColumnName>> = {
  traceid: 'traceId',
  spanid: 'spanId',
  parentid: 'parentId',
  parentspanid: 'parentId',
  podname: 'pod',
  operationname: 'operation',
  starttimeunixnano: 'start',
  starttime: 'start',
  endtimeunixnano: 'end',
  endtime: 'end',
};

const REQUIRED: readonly ColumnName[] = ['traceId', 'spanId', 'parentId', 'pod', 'operation', 'start', 'end'];

/** The header columns a trace CSV needs, for messages. */
export const TRACE_CSV_HEADER =
  'TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano';

/**
 * Finds the trace columns in a header row, in any order and case, under either the research layout's
 * names (`TraceID`, `StartTimeUnixNano`, ...) or the paper artifact's (`trace_id`, `start_time`, ...).
 * Other columns (such as `Duration`) are ignored. Undefined when a needed column is missing or repeated.
 */
export function parseCsvHeader(fields: readonly string[]): CsvColumns | undefined {
  const found = new Map<ColumnName, number>();
  for (let i = 0; i < fields.length; i++) {
    const name = HEADER_NAMES[normalizeHeaderName(fields[i]!)];
    if (name === undefined) continue;
    if (found.has(name)) return undefined;
    found.set(name, i);
  }
  if (REQUIRED.some((name) => !found.has(name))) return undefined;
  const at = (name: ColumnName) => found.get(name)!;
  return {
    count: fields.length,
    traceId: at('traceId'),
    spanId: at('spanId'),
    parentId: at('parentId'),
    pod: at('pod'),
    operation: at('operation'),
    start: at('start'),
    end: at('end'),
  };
}

function normalizeHeaderName(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[-_ ]/g, '');
}

/**
 * Splits one CSV record per RFC 4180 (quoted fields may hold commas, doubled quotes and line breaks).
 * Undefined when a quoted field is still open at the end of `text`: the record goes on at the next line.
 */
export function splitCsvRecord(text: string): string[] | undefined {
  if (!text.includes('"')) return text.split(',');
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let value = '';
    if (text.charCodeAt(i) === 0x22) {
      const closed = readQuoted(text, i + 1);
      if (closed === undefined) return undefined;
      value = closed.value;
      i = closed.next;
    }
    // Text after a closing quote is kept as is, as most CSV readers do.
    const comma = text.indexOf(',', i);
    fields.push(value + text.slice(i, comma < 0 ? text.length : comma));
    if (comma < 0) return fields;
    i = comma + 1;
  }
}

function readQuoted(text: string, from: number): { value: string; next: number } | undefined {
  let value = '';
  let i = from;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return undefined;
    value += text.slice(i, quote);
    if (text.charCodeAt(quote + 1) !== 0x22) return { value, next: quote + 1 };
    value += '"';
    i = quote + 2;
  }
}

/**
 * The service of a Kubernetes pod: the pod name without its last two `-` parts (the ReplicaSet hash and
 * the pod suffix), e.g. `ts-basic-service-5dc8d4f9fd-46997` -> `ts-basic-service`. A name with fewer than
 * three parts is returned whole. StatefulSet pods (`redis-0`) have one suffix only; they are not told
 * apart, as the research layout defines the rule this way.
 */
export function serviceOfPod(pod: string): string {
  const last = pod.lastIndexOf('-');
  const secondLast = last > 0 ? pod.lastIndexOf('-', last - 1) : -1;
  return secondLast > 0 ? pod.slice(0, secondLast) : pod;
}

const NANOS = /^[0-9]{1,20}$/;
const MAX_UINT64 = (1n << 64n) - 1n;
const NO_PARENT = new Set(['', 'root', '0000000000000000']);

/** What a row needs besides its fields: the shared resource of its pod and the shared scope. */
export interface CsvRowContext {
  resourceOf(pod: string): Resource;
  /** The shared string for an operation name (one string object per distinct name); identity when absent. */
  operationName?(name: string): string;
  readonly scope: InstrumentationScope;
}

/** Builds the span of one data row, or returns why the row is bad. Never throws. */
export function csvRowToSpan(
  fields: readonly string[],
  columns: CsvColumns,
  context: CsvRowContext,
): Span | string {
  if (fields.length !== columns.count) return `expected ${columns.count} columns, found ${fields.length}`;
  const traceId = exactHexId(fields[columns.traceId]!.trim(), TRACE_ID_HEX);
  if (traceId === undefined)
    return `trace id is not ${TRACE_ID_HEX} hex characters: ${clip(fields[columns.traceId]!)}`;
  const spanId = exactHexId(fields[columns.spanId]!.trim(), SPAN_ID_HEX);
  if (spanId === undefined)
    return `span id is not ${SPAN_ID_HEX} hex characters: ${clip(fields[columns.spanId]!)}`;
  const parentField = fields[columns.parentId]!.trim();
  const parentSpanId = NO_PARENT.has(parentField) ? '' : exactHexId(parentField, SPAN_ID_HEX);
  if (parentSpanId === undefined)
    return `parent id is neither 'root' nor ${SPAN_ID_HEX} hex characters: ${clip(parentField)}`;
  const start = fields[columns.start]!.trim();
  const end = fields[columns.end]!.trim();
  if (!NANOS.test(start)) return `start time is not Unix nanoseconds: ${clip(start)}`;
  if (!NANOS.test(end)) return `end time is not Unix nanoseconds: ${clip(end)}`;
  const startNanos = BigInt(start);
  const endNanos = BigInt(end);
  // OTLP times are fixed64: 20 digits can pass the pattern and still not fit.
  if (startNanos > MAX_UINT64) return `start time is past the uint64 range: ${clip(start)}`;
  if (endNanos > MAX_UINT64) return `end time is past the uint64 range: ${clip(end)}`;
  return makeSpan({
    traceId,
    spanId,
    parentSpanId,
    name: context.operationName?.(fields[columns.operation]!) ?? fields[columns.operation]!,
    startTimeUnixNano: startNanos,
    endTimeUnixNano: endNanos,
    resource: context.resourceOf(fields[columns.pod]!.trim()),
    scope: context.scope,
  });
}

function clip(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}
