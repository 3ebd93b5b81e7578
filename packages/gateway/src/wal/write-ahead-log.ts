/**
 * The gateway's write-ahead log: accepted OTLP requests are appended here before the receiver
 * acknowledges them, released once their spans are exported, and replayed after a restart.
 *
 * Guarantees: a record whose `append` resolved is replayed after any crash of the process (and, with
 * fsync `always` or `batch`, of the machine) until it is released. Delivery is at-least-once: a record
 * released less than `checkpointIntervalMs` before a crash is replayed again.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import { makeCheckpoint, readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { WalFullError, WalRecordTooLargeError, WalWriteError } from './errors.js';
import { type ResolvedWalOptions, resolveWalOptions, type WriteAheadLogOptions } from './options.js';
import { RECORD_HEADER_BYTES, SEGMENT_HEADER_BYTES, scanSegment } from './record.js';
import { recoverSegments, type Segment, type WalRecoveryReport } from './recover.js';
import { type PendingRecord, SegmentWriter } from './segment-writer.js';

interface PendingAppend extends PendingRecord {
  written: boolean;
  readonly resolve: (seq: bigint) => void;
  readonly reject: (error: Error) => void;
}

/** Counters of a {@link WriteAheadLog}, as plain numbers. */
export interface WalStats {
  readonly appendedRecords: number;
  /** Payload bytes of the appended records. */
  readonly appendedBytes: number;
  /** fsync calls made for appends (shared by every append of a group commit). */
  readonly syncs: number;
  /** Appends rejected with `WalFullError`. */
  readonly rejectedFull: number;
  readonly usedBytes: number;
  readonly liveRecords: number;
}

/** A durable, bounded, segmented append-only log of opaque records with increasing sequence numbers. */
export class WriteAheadLog {
  private queue: PendingAppend[] = [];
  private queuedBytes = 0;
  private diskBytes: number;
  private pumping: Promise<void> | undefined;
  private lastSyncAt = 0;
  private lastWrittenSeq: number;
  private failure: WalWriteError | undefined;
  private closed = false;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private checkpointing: Promise<void> = Promise.resolve();
  private readonly counters = { appendedRecords: 0, appendedBytes: 0, syncs: 0, rejectedFull: 0 };

  private constructor(
    private readonly dir: string,
    private readonly options: ResolvedWalOptions,
    private readonly segments: Segment[],
    private writer: SegmentWriter,
    private nextSeq: number,
    /** What recovery found when the log was opened. */
    readonly recovery: WalRecoveryReport,
  ) {
    this.diskBytes = segments.reduce((n, s) => n + s.bytes, 0);
    this.lastWrittenSeq = nextSeq - 1;
  }

  /**
   * Opens (creating if needed) the log in `dir` and recovers it: a torn record at the end of the newest
   * segment is truncated (counted in `recovery.truncatedRecords`), damaged records elsewhere are skipped
   * and reported in `recovery.problems` with their file and byte offset, intact records are kept.
   * Throws `WalOptionError` for bad options and I/O errors of the directory.
   */
  static async open(dir: string, options: WriteAheadLogOptions): Promise<WriteAheadLog> {
    const resolved = resolveWalOptions(options);
    await mkdir(dir, { recursive: true });
    const { checkpoint, problem } = await readCheckpoint(dir);
    const { segments, nextSeq, report } = await recoverSegments(dir, checkpoint);
    const durable = resolved.fsync !== 'never';
    const newest = segments.at(-1);
    const reusable = newest !== undefined && newest.firstSeq === nextSeq && newest.lastSeq === 0;
    const writer = reusable
      ? await SegmentWriter.reopen(newest)
      : await SegmentWriter.create(dir, nextSeq, durable);
    if (!reusable) segments.push(writer.segment);
    const recovery = { ...report, checkpointProblem: problem };
    const log = new WriteAheadLog(dir, resolved, segments, writer, nextSeq, recovery);
    for (const segment of [...segments]) {
      if (segment.live.size === 0 && segment !== writer.segment) log.dropSegment(segment);
    }
    return log;
  }

  /** Bytes of the segment files on disk plus records queued for writing; at most `maxBytes`. */
  get usedBytes(): number {
    return this.diskBytes + this.queuedBytes;
  }

  /** Records appended and not yet released (after recovery: the records `replay` yields). */
  get liveRecords(): number {
    return this.segments.reduce((n, s) => n + s.live.size, 0);
  }

  /** Counters since open, as plain numbers for metrics: records and bytes appended, fsyncs, full rejections. */
  stats(): WalStats {
    return { ...this.counters, usedBytes: this.usedBytes, liveRecords: this.liveRecords };
  }

  /**
   * Appends one record and resolves with its sequence number once it is written (and synced, per the
   * fsync policy). Rejects with `WalFullError` when it would exceed `maxBytes`, `WalRecordTooLargeError`
   * when it never could, `WalWriteError` after an I/O failure or `close`. `payload` is not copied: do not
   * modify it until the promise settles.
   */
  append(payload: Uint8Array): Promise<bigint> {
    if (this.closed || this.failure !== undefined) {
      return Promise.reject(this.failure ?? new WalWriteError('write-ahead log is closed'));
    }
    const bytes = RECORD_HEADER_BYTES + payload.length;
    const { maxBytes } = this.options;
    if (bytes + SEGMENT_HEADER_BYTES > maxBytes)
      return Promise.reject(new WalRecordTooLargeError(bytes, maxBytes));
    if (this.usedBytes + bytes > maxBytes) {
      this.counters.rejectedFull++;
      return Promise.reject(new WalFullError(this.usedBytes, maxBytes, bytes));
    }
    const seq = this.nextSeq++;
    this.queuedBytes += bytes;
    return new Promise<bigint>((resolve, reject) => {
      this.queue.push({ seq, payload, resolve, reject, written: false });
      this.pumping ??= this.pump();
    });
  }

  /**
   * The records not yet released with `seq >= fromSeq`, oldest first, as they were when each segment
   * is read (records appended during the replay may or may not appear). Payloads are copies.
   */
  async *replay(fromSeq = 0n): AsyncIterable<{ seq: bigint; payload: Uint8Array }> {
    const from = Number(fromSeq);
    for (const segment of [...this.segments]) {
      if (segment.live.size === 0 || segment.lastSeq < from) continue;
      const limit = segment.bytes;
      const bytes = await readIfPresent(segment.path);
      if (bytes === undefined) continue;
      const scan = scanSegment(bytes, SEGMENT_HEADER_BYTES, Math.min(limit, bytes.length));
      for (const r of scan.records) {
        if (r.seq >= from && segment.live.has(r.seq))
          yield { seq: BigInt(r.seq), payload: bytes.slice(r.start, r.end) };
      }
    }
  }

  /**
   * Marks record `seq` done: it is not replayed after the next checkpoint, and a segment whose records
   * are all released is deleted. Unknown or already released sequence numbers are ignored.
   */
  release(seq: bigint): void {
    const s = Number(seq);
    const segment = this.findSegment(s);
    if (segment === undefined || !segment.live.delete(s)) return;
    if (segment.live.size === 0 && segment !== this.writer.segment) this.dropSegment(segment);
    this.checkpointTimer ??= setTimeout(() => this.checkpoint(), this.options.checkpointIntervalMs).unref();
  }

  /** Stops accepting appends, waits for queued ones to be written and synced, checkpoints, closes. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    while (this.pumping !== undefined) await this.pumping;
    clearTimeout(this.checkpointTimer);
    this.checkpoint();
    await this.checkpointing;
    await this.writer.close(this.failure === undefined);
  }

  private async pump(): Promise<void> {
    while (this.queue.length > 0 && this.failure === undefined) {
      if (this.options.fsync === 'batch') await this.batchWindow();
      const batch = this.queue;
      this.queue = [];
      await this.commit(batch);
    }
    for (const pending of this.queue.splice(0)) this.settleFailed(pending);
    this.pumping = undefined;
  }

  /** Waits until the group-commit window since the last fsync has passed, gathering appends. */
  private async batchWindow(): Promise<void> {
    const wait = this.lastSyncAt + this.options.fsyncIntervalMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  private async commit(batch: PendingAppend[]): Promise<void> {
    try {
      await this.writeBatch(batch);
      if (this.options.fsync !== 'never') {
        await this.writer.sync();
        this.counters.syncs++;
      }
      this.lastSyncAt = performance.now();
    } catch (error) {
      this.failure = new WalWriteError(`write-ahead log ${this.dir}: ${(error as Error).message}`, {
        cause: error,
      });
      for (const pending of batch) this.settleFailed(pending);
      return;
    }
    for (const pending of batch) {
      this.counters.appendedRecords++;
      this.counters.appendedBytes += pending.payload.length;
      pending.resolve(BigInt(pending.seq));
    }
  }

  /** Writes a batch into the active segment, starting new segments where it grows past segmentBytes. */
  private async writeBatch(batch: readonly PendingAppend[]): Promise<void> {
    let start = 0;
    let bytes = this.writer.segment.bytes;
    for (let i = 0; i < batch.length; i++) {
      const size = RECORD_HEADER_BYTES + (batch[i] as PendingAppend).payload.length;
      if (bytes + size > this.options.segmentBytes && bytes > SEGMENT_HEADER_BYTES) {
        await this.writeRecords(batch.slice(start, i));
        await this.roll((batch[i] as PendingAppend).seq);
        start = i;
        bytes = SEGMENT_HEADER_BYTES;
      }
      bytes += size;
    }
    await this.writeRecords(batch.slice(start));
  }

  private async writeRecords(records: readonly PendingAppend[]): Promise<void> {
    const last = records[records.length - 1];
    if (last === undefined) return;
    const segment = this.writer.segment;
    const before = segment.bytes;
    await this.writer.write(records);
    this.diskBytes += segment.bytes - before;
    for (const r of records) {
      segment.live.add(r.seq);
      r.written = true;
      this.queuedBytes -= RECORD_HEADER_BYTES + r.payload.length;
    }
    segment.lastSeq = last.seq;
    this.lastWrittenSeq = last.seq;
  }

  /** Closes the active segment (synced unless fsync is `never`) and starts one at `firstSeq`. */
  private async roll(firstSeq: number): Promise<void> {
    const durable = this.options.fsync !== 'never';
    const old = this.writer;
    await old.close(durable);
    this.writer = await SegmentWriter.create(this.dir, firstSeq, durable);
    this.segments.push(this.writer.segment);
    this.diskBytes += SEGMENT_HEADER_BYTES;
    if (old.segment.live.size === 0) this.dropSegment(old.segment);
  }

  private settleFailed(pending: PendingAppend): void {
    if (!pending.written) this.queuedBytes -= RECORD_HEADER_BYTES + pending.payload.length;
    pending.reject(this.failure ?? new WalWriteError('write-ahead log is closed'));
  }

  /** Forgets a fully released segment and deletes its file. */
  private dropSegment(segment: Segment): void {
    const index = this.segments.indexOf(segment);
    if (index < 0) return;
    this.segments.splice(index, 1);
    this.diskBytes -= segment.bytes;
    rm(segment.path, { force: true }).catch(() => undefined);
  }

  private findSegment(seq: number): Segment | undefined {
    let lo = 0;
    let hi = this.segments.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const segment = this.segments[mid] as Segment;
      if (seq < segment.firstSeq) hi = mid - 1;
      else if (mid + 1 < this.segments.length && seq >= (this.segments[mid + 1] as Segment).firstSeq)
        lo = mid + 1;
      else return segment;
    }
    return undefined;
  }

  /** Writes the checkpoint (one write at a time; the latest state wins). */
  private checkpoint(): void {
    this.checkpointTimer = undefined;
    const live: number[] = [];
    for (const segment of this.segments) for (const seq of segment.live) live.push(seq);
    const state = makeCheckpoint(this.lastWrittenSeq, live);
    this.checkpointing = this.checkpointing
      .then(() => writeCheckpoint(this.dir, state))
      .catch(() => undefined);
  }
}

async function readIfPresent(path: string): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
