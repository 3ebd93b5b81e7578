import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Resource, Span } from '@autoscope/core';
import { makeResource, makeScope, stringAttr } from '@autoscope/core';
import type { CsvColumns, CsvRowContext } from './csv-row.js';
import { csvRowToSpan, parseCsvHeader, serviceOfPod, splitCsvRecord, TRACE_CSV_HEADER } from './csv-row.js';
import { TraceFileError } from './errors.js';
import { readLines } from './io/lines.js';
import { listFiles } from './io/list-files.js';
import { recordSkip } from './read-problems.js';
import type { ReadStats } from './source.js';
import { newReadStats } from './source.js';

/** Options of {@link readCsvTraces}. */
export interface CsvReadOptions {
  /** Spans per yielded batch (the last batch may be smaller). Default 1000. */
  readonly batchSize?: number;
}

/** The instrumentation scope every span read from a trace CSV shares. */
export const CSV_IMPORT_SCOPE = makeScope('autoscope.csv-import');

/** A quoted record longer than this is given up as bad (an unclosed quote would otherwise eat the file). */
const MAX_RECORD_CHARS = 1 << 20;

/**
 * Streams spans from the research community's trace CSV layout (header
 * `TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration`, or the paper
 * artifact's `trace_id, span_id, parent_id, pod_name, operation_name, start_time, end_time, duration`; any
 * order and case; RFC 4180 quoting; gzipped files work too).
 *
 * `path` is a file or a folder. A folder is read recursively: every `*trace*.csv` (or, when there is none,
 * every `.csv`), also `.csv.gz`, in sorted path order. Files whose header is not a trace header (log and
 * trace-id lists) are skipped, and one note naming them is added to `stats.problems` at the end, beyond the
 * usual limit. A single file without a trace header throws a {@link TraceFileError}.
 *
 * Each pod gets one shared resource (`service.name` = pod name without its last two `-` parts,
 * `k8s.pod.name`); all spans share {@link CSV_IMPORT_SCOPE}; kind stays UNSPECIFIED; `ParentID` `root`,
 * empty or all zeros means no parent; times are kept exact as bigint nanoseconds; `Duration` is ignored. Bad rows
 * (column count, ids, times) are skipped and counted in `stats` (`records` counts every data row, `skipped`
 * the bad ones, the first problems kept as `file:line: message`), and reading goes on.
 *
 * Rows are not deduplicated: the same span may repeat, within or across files (the TrainTicket minute
 * files overlap); the trace assembler drops the repeats.
 */
export async function* readCsvTraces(
  path: string,
  stats: ReadStats = newReadStats(),
  options: CsvReadOptions = {},
): AsyncGenerator<Span[]> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const isFolder = (await statOrThrow(path)).isDirectory();
  const files = isFolder ? await traceCsvFiles(path) : [path];
  const context = new CsvReadContext(stats);
  let batch: Span[] = [];
  const notTraceFiles: string[] = [];
  for (const file of files) {
    for await (const span of readCsvFile(file, context, isFolder ? notTraceFiles : undefined)) {
      batch.push(span);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
  if (notTraceFiles.length > 0) stats.problems.push(describeSkippedFiles(path, notTraceFiles));
}

async function statOrThrow(path: string) {
  try {
    return await stat(path);
  } catch (cause) {
    throw new TraceFileError(path, '', 'cannot read this path', { cause });
  }
}

/** The CSV files of a folder to read: `*trace*.csv(.gz)`, or every `.csv(.gz)` when none has that name. */
async function traceCsvFiles(dir: string): Promise<string[]> {
  const csv = await listFiles(dir, (path) => /\.csv(\.gz)?$/i.test(path));
  const traces = csv.filter((path) => /trace/i.test(basename(path)));
  return traces.length > 0 ? traces : csv;
}

function describeSkippedFiles(root: string, files: readonly string[]): string {
  const shown = files.slice(0, 3).join(', ');
  const more = files.length > 3 ? `, and ${files.length - 3} more` : '';
  return `${root}: skipped ${files.length} CSV file(s) whose header is not a trace header (${TRACE_CSV_HEADER}): ${shown}${more}`;
}

/** Distinct operation names shared per read; past it, names are no longer shared (memory stays bounded). */
const MAX_SHARED_NAMES = 100_000;

/** Shared state of one read: statistics, one resource per pod and one string per operation name. */
class CsvReadContext implements CsvRowContext {
  readonly scope = CSV_IMPORT_SCOPE;
  private readonly resources = new Map<string, Resource>();
  private readonly names = new Map<string, string>();

  constructor(readonly stats: ReadStats) {}

  resourceOf(pod: string): Resource {
    let resource = this.resources.get(pod);
    if (resource === undefined) {
      resource =
        pod === ''
          ? makeResource([])
          : makeResource([stringAttr('service.name', serviceOfPod(pod)), stringAttr('k8s.pod.name', pod)]);
      this.resources.set(pod, resource);
    }
    return resource;
  }

  /**
   * Spans of one operation share one name string: the engine's label lookups by name then compare
   * pointers instead of characters, and buffered spans hold one copy of each name.
   */
  operationName(name: string): string {
    const shared = this.names.get(name);
    if (shared !== undefined) return shared;
    if (this.names.size < MAX_SHARED_NAMES) this.names.set(name, name);
    return name;
  }
}

/**
 * The spans of one file. When its header is not a trace header the file is added to `notTraceFiles`, or,
 * when that is undefined (the file was named explicitly), a TraceFileError is thrown.
 */
async function* readCsvFile(
  file: string,
  context: CsvReadContext,
  notTraceFiles: string[] | undefined,
): AsyncGenerator<Span> {
  let columns: CsvColumns | undefined;
  for await (const record of readCsvRecords(file, context.stats)) {
    if (columns === undefined) {
      columns = parseCsvHeader(record.fields);
      if (columns !== undefined) continue;
      if (notTraceFiles === undefined) throw notTraceHeader(file, record.lineNumber);
      notTraceFiles.push(file);
      return;
    }
    context.stats.records++;
    const span = csvRowToSpan(record.fields, columns, context);
    if (typeof span === 'string') recordSkip(context.stats, `${file}:${record.lineNumber}: ${span}`);
    else yield span;
  }
  if (columns === undefined && notTraceFiles === undefined)
    throw notTraceHeader(file, 1, 'the file is empty');
}

function notTraceHeader(
  file: string,
  line: number,
  found = 'the first row is not a trace header',
): TraceFileError {
  return new TraceFileError(file, `line ${line}`, `${found}; expected the columns ${TRACE_CSV_HEADER}`);
}

interface CsvRecord {
  readonly fields: string[];
  /** Line where the record starts (1-based). */
  readonly lineNumber: number;
}

/** The non-blank records of a CSV file, joining lines inside quoted fields. */
async function* readCsvRecords(file: string, stats: ReadStats): AsyncGenerator<CsvRecord> {
  let pending = '';
  let pendingLine = 0;
  for await (const { line, lineNumber } of readLines(file)) {
    const text = pendingLine > 0 ? `${pending}\n${line}` : line;
    const startLine = pendingLine > 0 ? pendingLine : lineNumber;
    const fields = splitCsvRecord(text);
    if (fields !== undefined) {
      pendingLine = 0;
      if (text !== '') yield { fields, lineNumber: startLine };
    } else if (text.length > MAX_RECORD_CHARS) {
      stats.records++;
      recordSkip(
        stats,
        `${file}:${startLine}: quoted field not closed within ${MAX_RECORD_CHARS} characters`,
      );
      pendingLine = 0;
    } else {
      pending = text;
      pendingLine = startLine;
    }
  }
  if (pendingLine > 0) {
    stats.records++;
    recordSkip(stats, `${file}:${pendingLine}: quoted field not closed at the end of the file`);
  }
}
