/**
 * Segment files are named after the sequence number of their first record (`0000000000000042.wal`), so
 * the directory listing alone orders them and tells the next free sequence number after a restart.
 */
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SEGMENT_MAGIC } from './record.js';

const SEGMENT_NAME = /^(\d{16})\.wal$/;

/** The file name of the segment whose first record is `firstSeq`. */
export function segmentFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(16, '0')}.wal`;
}

/** Segment files in `dir`, ordered by first sequence number. */
export async function listSegments(dir: string): Promise<{ path: string; firstSeq: number }[]> {
  const found: { path: string; firstSeq: number }[] = [];
  for (const name of await readdir(dir)) {
    const match = SEGMENT_NAME.exec(name);
    if (match?.[1] !== undefined) found.push({ path: join(dir, name), firstSeq: Number(match[1]) });
  }
  return found.sort((a, b) => a.firstSeq - b.firstSeq);
}

/**
 * Creates a new segment file holding only the magic; with `durable`, syncs it and its directory so the
 * file survives a power loss. Fails when the file exists.
 */
export async function createSegment(dir: string, firstSeq: number, durable: boolean) {
  const path = join(dir, segmentFileName(firstSeq));
  const handle = await open(path, 'wx');
  try {
    await handle.write(SEGMENT_MAGIC, 0, SEGMENT_MAGIC.length, 0);
    if (durable) {
      await handle.sync();
      await syncDirectory(dir);
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return { path, handle };
}

/** Syncs a directory so that file creations, renames and deletions in it are durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
