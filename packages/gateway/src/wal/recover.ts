/**
 * Recovery at open: reads every segment, truncates a torn tail of the newest one (a crash mid-write),
 * reports damaged records elsewhere without giving up the intact ones, and drops what the checkpoint
 * says was released.
 */
import { readFile, rm, truncate } from 'node:fs/promises';
import { type Checkpoint, isReleased } from './checkpoint.js';
import { WalCorruptRecordError } from './errors.js';
import { hasSegmentMagic, SEGMENT_HEADER_BYTES, type SegmentScan, scanSegment } from './record.js';
import { listSegments } from './segment-files.js';

/** A segment as the log tracks it: `live` holds the sequence numbers not yet released. */
export interface Segment {
  readonly path: string;
  readonly firstSeq: number;
  lastSeq: number;
  bytes: number;
  readonly live: Set<number>;
}

/** What recovery found; `problems` name the file and byte offset of every damaged record. */
export interface WalRecoveryReport {
  /** Records to replay (written and not released). */
  readonly liveRecords: number;
  /** Records found but skipped because the checkpoint says they were released. */
  readonly releasedRecords: number;
  /** Torn records cut off the end of the newest segment (a crash mid-write): 0 or 1 per restart. */
  readonly truncatedRecords: number;
  readonly truncatedBytes: number;
  /** Damaged records skipped elsewhere; the intact records around them are kept. */
  readonly problems: readonly WalCorruptRecordError[];
  /** Set when the checkpoint file was damaged (released records are then replayed again). */
  readonly checkpointProblem: string | undefined;
}

/** The segments of `dir` after recovery, oldest first, and the next free sequence number. */
export async function recoverSegments(dir: string, checkpoint: Checkpoint) {
  const files = await listSegments(dir);
  const segments: Segment[] = [];
  const problems: WalCorruptRecordError[] = [];
  let nextSeq = Math.max(1, checkpoint.upTo + 1);
  let releasedRecords = 0;
  let truncatedRecords = 0;
  let truncatedBytes = 0;
  for (const [index, file] of files.entries()) {
    const newest = index === files.length - 1;
    const bytes = new Uint8Array(await readFile(file.path));
    nextSeq = Math.max(nextSeq, file.firstSeq);
    if (!hasSegmentMagic(bytes)) {
      // A newest file shorter than its magic was being created at the crash: it holds no record.
      if (newest && bytes.length < SEGMENT_HEADER_BYTES) {
        truncatedBytes += bytes.length;
        await rm(file.path);
      } else
        problems.push(
          new WalCorruptRecordError(file.path, 0, bytes.length, 'not a segment file (bad magic)'),
        );
      continue;
    }
    const scan = scanSegment(bytes, SEGMENT_HEADER_BYTES);
    for (const d of scan.damaged)
      problems.push(new WalCorruptRecordError(file.path, d.offset, d.bytes, d.reason));
    const end = await settleTail(file.path, scan, newest, problems, bytes.length);
    if (newest && scan.tail !== undefined) {
      truncatedRecords++;
      truncatedBytes += scan.tail.bytes;
    }
    const segment: Segment = {
      path: file.path,
      firstSeq: file.firstSeq,
      lastSeq: 0,
      bytes: end,
      live: new Set(),
    };
    for (const record of scan.records) {
      segment.lastSeq = record.seq;
      nextSeq = Math.max(nextSeq, record.seq + 1);
      if (isReleased(checkpoint, record.seq)) releasedRecords++;
      else segment.live.add(record.seq);
    }
    segments.push(segment);
  }
  const liveRecords = segments.reduce((n, s) => n + s.live.size, 0);
  const report = { liveRecords, releasedRecords, truncatedRecords, truncatedBytes, problems };
  return { segments, nextSeq, report };
}

/** Truncates a torn tail of the newest segment, reports one elsewhere; returns the segment's end. */
async function settleTail(
  path: string,
  scan: SegmentScan,
  newest: boolean,
  problems: WalCorruptRecordError[],
  size: number,
): Promise<number> {
  const tail = scan.tail;
  if (tail === undefined) return size;
  if (!newest) {
    problems.push(
      new WalCorruptRecordError(
        path,
        tail.offset,
        tail.bytes,
        `${tail.reason} at the end of a closed segment`,
      ),
    );
    return size;
  }
  await truncate(path, tail.offset);
  return tail.offset;
}
