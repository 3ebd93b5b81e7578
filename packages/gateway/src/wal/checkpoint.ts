/**
 * The checkpoint: which records were released, so a restart does not replay them. It says "every record
 * up to `upTo` is released except those in `live`" (ranges of sequence numbers). Written atomically
 * (temporary file, then rename) at most once per interval and on close; a record released after the
 * last checkpoint is replayed again after a crash (at-least-once).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Records up to `upTo` are released, except the inclusive ranges in `live`. */
export interface Checkpoint {
  readonly upTo: number;
  readonly live: readonly (readonly [number, number])[];
}

/** The checkpoint of an empty log (nothing released). */
export const NO_CHECKPOINT: Checkpoint = { upTo: 0, live: [] };

const FILE = 'checkpoint.json';

/** Reads the checkpoint of `dir`; a missing file is no checkpoint, a damaged one is reported. */
export async function readCheckpoint(dir: string): Promise<{ checkpoint: Checkpoint; problem?: string }> {
  const path = join(dir, FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoint: NO_CHECKPOINT };
    throw error;
  }
  const checkpoint = parseCheckpoint(text);
  if (checkpoint !== undefined) return { checkpoint };
  return {
    checkpoint: NO_CHECKPOINT,
    problem: `${path}: damaged checkpoint ignored; released records are replayed again`,
  };
}

function parseCheckpoint(text: string): Checkpoint | undefined {
  try {
    const value = JSON.parse(text) as { version?: unknown; upTo?: unknown; live?: unknown };
    if (value.version !== 1 || !Number.isSafeInteger(value.upTo) || !Array.isArray(value.live))
      return undefined;
    const live = value.live as unknown[];
    if (!live.every((r) => Array.isArray(r) && r.length === 2 && r.every(Number.isSafeInteger)))
      return undefined;
    return { upTo: value.upTo as number, live: live as [number, number][] };
  } catch {
    return undefined;
  }
}

/** Writes the checkpoint atomically. */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  const path = join(dir, FILE);
  const text = JSON.stringify({ version: 1, upTo: checkpoint.upTo, live: checkpoint.live });
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
}

/** Whether the checkpoint says record `seq` was released. */
export function isReleased(checkpoint: Checkpoint, seq: number): boolean {
  if (seq > checkpoint.upTo) return false;
  const live = checkpoint.live;
  let lo = 0;
  let hi = live.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = live[mid] as readonly [number, number];
    if (seq < range[0]) hi = mid - 1;
    else if (seq > range[1]) lo = mid + 1;
    else return false;
  }
  return true;
}

/** The checkpoint saying everything up to `upTo` is released except `liveSeqs` (any order). */
export function makeCheckpoint(upTo: number, liveSeqs: number[]): Checkpoint {
  const sorted = liveSeqs.filter((s) => s <= upTo).sort((a, b) => a - b);
  const live: [number, number][] = [];
  for (const seq of sorted) {
    const last = live[live.length - 1];
    if (last !== undefined && last[1] + 1 === seq) last[1] = seq;
    else live.push([seq, seq]);
  }
  return { upTo, live };
}
