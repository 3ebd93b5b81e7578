import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { EvalInputError } from '../run/errors.js';
import type { EvalDataset } from './dataset.js';
import { FAULTS_FILE, openOtlpFaults } from './otlp-faults.js';
import { findFaultLists, openResearchCsv } from './research-csv.js';

/** Options of {@link openDataset}. */
export interface OpenDatasetOptions {
  /** Research layout only: a glob on day folder names (e.g. `2023-01-29`, `*-30`); default every day. */
  readonly day?: string;
}

/**
 * Opens an evaluation dataset, detecting its layout from the folder: a `faults.json` at its top means the
 * project's format (traces as OTLP or any readable format beside it); otherwise `*-fault_list.json` files
 * below it mean the research CSV layout. Anything else is an {@link EvalInputError} naming the folder.
 */
export async function openDataset(path: string, options: OpenDatasetOptions = {}): Promise<EvalDataset> {
  await requireFolder(path);
  const faultsFile = join(path, FAULTS_FILE);
  if (await isFile(faultsFile)) {
    if (options.day !== undefined)
      throw new EvalInputError(path, '--day applies to the research CSV layout only');
    return openOtlpFaults(path, faultsFile);
  }
  const faultLists = await findFaultLists(path);
  if (faultLists.length > 0) return openResearchCsv(path, faultLists, options.day);
  throw new EvalInputError(
    path,
    `not an evaluation dataset: expected ${FAULTS_FILE} beside trace files, or the research CSV layout (trace CSVs with *-fault_list.json)`,
  );
}

async function requireFolder(path: string): Promise<void> {
  let folder = false;
  try {
    folder = (await stat(path)).isDirectory();
  } catch (cause) {
    throw new EvalInputError(path, 'cannot read this dataset folder', { cause });
  }
  if (!folder) throw new EvalInputError(path, 'expected a dataset folder, found a file');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
