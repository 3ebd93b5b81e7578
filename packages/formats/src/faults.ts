import { readFile } from 'node:fs/promises';
import { TraceFileError } from './errors.js';
import { exactHexId, SPAN_ID_HEX } from './hex-ids.js';
import { parseTimeNanos } from './time-nanos.js';

const MAX_LISTED = 20;

/** One injected fault: what was broken, where, and when (`[start, end)`, Unix nanoseconds). */
export interface Fault {
  readonly id: string;
  /** Kind of fault, e.g. `cpu_contention`, `network_delay`, `exception`. */
  readonly type: string;
  /** The service the fault was injected into. */
  readonly service: string;
  /** The pod the fault was injected into, when known. */
  readonly pod?: string;
  /** The operation the fault was injected into, when the fault targets one. */
  readonly operation?: string;
  readonly start: bigint;
  readonly end: bigint;
  /** Span ids known to be faulty (lowercase hex), when the dataset lists them. */
  readonly faultySpanIds?: readonly string[];
}

/**
 * Reads the project's `faults.json`: `[{ "id", "type", "service", "operation"?, "pod"?, "start", "end",
 * "faultySpanIds"? }]` with times as RFC 3339 strings or Unix nanoseconds as decimal strings. Every problem
 * is collected; if there is any, one {@link TraceFileError} lists them all with their JSON paths.
 */
export async function readFaultsFile(path: string): Promise<Fault[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new TraceFileError(path, '', 'not a readable JSON file', { cause });
  }
  return parseFaults(json, path);
}

/** Validates parsed `faults.json` content; `source` names the file in errors. */
export function parseFaults(json: unknown, source: string): Fault[] {
  if (!Array.isArray(json)) throw new TraceFileError(source, '(root)', 'expected an array of faults');
  const problems: string[] = [];
  const faults: Fault[] = [];
  json.forEach((entry: unknown, index) => {
    const fault = parseFault(entry, `[${index}]`, problems);
    if (fault !== undefined) faults.push(fault);
  });
  if (problems.length > 0) {
    const position = problems[0]!.slice(0, problems[0]!.indexOf(':'));
    const shown = problems.slice(0, MAX_LISTED).join('\n  ');
    const more = problems.length > MAX_LISTED ? `\n  and ${problems.length - MAX_LISTED} more` : '';
    throw new TraceFileError(source, position, `invalid faults:\n  ${shown}${more}`);
  }
  return faults;
}

function parseFault(entry: unknown, path: string, problems: string[]): Fault | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    problems.push(`${path}: expected an object`);
    return undefined;
  }
  const record = entry as Record<string, unknown>;
  const before = problems.length;
  const text = (key: string, optional: boolean) =>
    stringField(record, key, `${path}.${key}`, optional, problems);
  const id = text('id', false);
  const type = text('type', false);
  const service = text('service', false);
  const pod = text('pod', true);
  const operation = text('operation', true);
  const start = timeField(record.start, `${path}.start`, problems);
  const end = timeField(record.end, `${path}.end`, problems);
  const faultySpanIds = spanIdsField(record.faultySpanIds, `${path}.faultySpanIds`, problems);
  if (start !== undefined && end !== undefined && end < start) problems.push(`${path}.end: is before start`);
  if (problems.length > before) return undefined;
  return {
    id: id!,
    type: type!,
    service: service!,
    ...(pod === undefined ? {} : { pod }),
    ...(operation === undefined ? {} : { operation }),
    start: start!,
    end: end!,
    ...(faultySpanIds === undefined ? {} : { faultySpanIds }),
  };
}

function stringField(
  record: Record<string, unknown>,
  key: string,
  path: string,
  optional: boolean,
  problems: string[],
): string | undefined {
  const value = record[key];
  if (value === undefined && optional) return undefined;
  if (typeof value === 'string' && value !== '') return value;
  problems.push(`${path}: expected a non-empty string`);
  return undefined;
}

function timeField(value: unknown, path: string, problems: string[]): bigint | undefined {
  const nanos = typeof value === 'string' ? parseTimeNanos(value) : undefined;
  if (nanos === undefined) {
    problems.push(`${path}: expected an RFC 3339 time or Unix nanoseconds as a decimal string`);
  }
  return nanos;
}

function spanIdsField(value: unknown, path: string, problems: string[]): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.push(`${path}: expected an array of span ids`);
    return undefined;
  }
  const ids: string[] = [];
  value.forEach((raw: unknown, i) => {
    const id = typeof raw === 'string' ? exactHexId(raw, SPAN_ID_HEX) : undefined;
    if (id === undefined) problems.push(`${path}[${i}]: expected ${SPAN_ID_HEX} hex characters`);
    else ids.push(id);
  });
  return ids;
}
