import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { serviceOfPod } from './csv-row.js';
import { TraceFileError } from './errors.js';
import type { Fault } from './faults.js';
import { listFiles } from './io/list-files.js';
import { parseTimeNanos } from './time-nanos.js';

/** How long each fault of the research fault lists lasts: 180 s, in nanoseconds. */
export const DEFAULT_FAULT_DURATION_NANOS = 180_000_000_000n;

/** A fault from a research fault list: the pod is always known. */
export type PodFault = Fault & { readonly pod: string };

const FAULT_LIST = /-fault_list\.json$/;

/**
 * Reads every `*-fault_list.json` under `datasetDir` (recursively, in sorted path order), the fault labels
 * of the research CSV layout: `{ "<hour>": [{ "inject_time", "inject_timestamp", "inject_pod",
 * "inject_type" }] }`. Times come from `inject_time`, a UTC wall clock (`YYYY-MM-DD HH:MM:SS`);
 * `inject_timestamp` is ignored, as it is shifted by hours in the TrainTicket data. Each fault lasts
 * `durationNanos` from its injection. Ids are `<list name>/<n>` (`2023-01-29/1`, numbered by time within the list). Faults are
 * returned sorted by start time. A malformed list throws a {@link TraceFileError} naming the entry.
 */
export async function readFaultList(
  datasetDir: string,
  durationNanos: bigint = DEFAULT_FAULT_DURATION_NANOS,
): Promise<PodFault[]> {
  const faults: PodFault[] = [];
  for (const file of await listFiles(datasetDir, (path) => FAULT_LIST.test(basename(path)))) {
    faults.push(...parseFaultList(await readJson(file), file, durationNanos));
  }
  return faults.sort(byStart);
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new TraceFileError(file, '', 'not a readable JSON file', { cause });
  }
}

/** The faults of one parsed fault list; `file` names it in errors and ids. */
export function parseFaultList(
  json: unknown,
  file: string,
  durationNanos = DEFAULT_FAULT_DURATION_NANOS,
): PodFault[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TraceFileError(file, '(root)', 'expected an object of hour -> fault entries');
  }
  const listName = basename(file).replace(FAULT_LIST, '');
  const faults: Omit<PodFault, 'id'>[] = [];
  for (const [hour, entries] of Object.entries(json)) {
    const at = JSON.stringify(hour);
    if (!Array.isArray(entries)) throw new TraceFileError(file, at, 'expected an array of faults');
    entries.forEach((entry: unknown, i) => {
      faults.push(parseEntry(entry, file, `${at}[${i}]`, durationNanos));
    });
  }
  // JSON object key order is not kept for keys like "10" (integers come first), so number by time.
  faults.sort(byStart);
  return faults.map((fault, i) => ({ id: `${listName}/${i + 1}`, ...fault }));
}

function byStart(a: { readonly start: bigint }, b: { readonly start: bigint }): number {
  return a.start < b.start ? -1 : a.start > b.start ? 1 : 0;
}

function parseEntry(entry: unknown, file: string, at: string, durationNanos: bigint): Omit<PodFault, 'id'> {
  const record = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
  const text = (key: string): string => {
    const value = record[key];
    if (typeof value === 'string' && value !== '') return value;
    throw new TraceFileError(file, `${at}.${key}`, 'expected a non-empty string');
  };
  const pod = text('inject_pod');
  const type = text('inject_type');
  const time = text('inject_time');
  const start = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(time) ? parseTimeNanos(time) : undefined;
  if (start === undefined) {
    throw new TraceFileError(
      file,
      `${at}.inject_time`,
      `expected a UTC time 'YYYY-MM-DD HH:MM:SS', found ${time}`,
    );
  }
  return { type, service: serviceOfPod(pod), pod, start, end: start + durationNanos };
}
