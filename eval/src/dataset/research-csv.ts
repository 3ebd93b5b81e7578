import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { compileGlob, type Span } from '@autoscope/core';
import {
  listFiles,
  type PodFault,
  parseFaultList,
  type ReadStats,
  readCsvTraces,
  TraceFileError,
} from '@autoscope/formats';
import { EvalInputError } from '../run/errors.js';
import type { EvalDataset } from './dataset.js';

const FAULT_LIST = /-fault_list\.json$/;

/** The fault lists under a folder (recursively), in sorted path order. */
export function findFaultLists(dir: string): Promise<string[]> {
  return listFiles(dir, (path) => FAULT_LIST.test(basename(path)));
}

/**
 * Opens a dataset in the research CSV layout: every folder holding a `*-fault_list.json` is a day, whose
 * traces are the trace CSV files under it (see `readCsvTraces`). Days are read one after another in path
 * order (their names sort by date), so the stream runs forward in time; folders without a fault list
 * (such as fault-free `construct_data`) are not read. `day` (a glob on the day folder's name) selects
 * days; without it every day is used.
 */
export async function openResearchCsv(
  path: string,
  faultLists: readonly string[],
  day: string | undefined,
): Promise<EvalDataset> {
  const matches = day === undefined ? () => true : compileGlob(day);
  const chosen = faultLists.filter((file) => matches(basename(dirname(file))));
  if (chosen.length === 0) {
    const days = faultLists.map((file) => basename(dirname(file))).join(', ');
    throw new EvalInputError(path, `no day folder matches --day ${JSON.stringify(day)}; days: ${days}`);
  }
  const faults: PodFault[] = [];
  for (const file of chosen) faults.push(...parseFaultList(await readJson(file), file));
  faults.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const days = chosen.map((file) => dirname(file));
  return {
    path,
    layout: 'research-csv',
    faults,
    parts: days,
    spans: (stats) => readDays(days, stats),
  };
}

async function* readDays(days: readonly string[], stats: ReadStats): AsyncGenerator<readonly Span[]> {
  for (const day of days) yield* readCsvTraces(day, stats);
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new TraceFileError(file, '', 'not a readable JSON file', { cause });
  }
}
