/** Appends framed records to the active segment file at explicit positions. */
import { type FileHandle, open } from 'node:fs/promises';
import { encodeRecordHeader, RECORD_HEADER_BYTES, SEGMENT_HEADER_BYTES } from './record.js';
import type { Segment } from './recover.js';
import { createSegment } from './segment-files.js';

/** A record waiting to be written. */
export interface PendingRecord {
  readonly seq: number;
  readonly payload: Uint8Array;
}

/** The open, active segment: the only file the log writes to. */
export class SegmentWriter {
  private constructor(
    private readonly handle: FileHandle,
    readonly segment: Segment,
  ) {}

  /** Creates the segment whose first record will be `firstSeq`. */
  static async create(dir: string, firstSeq: number, durable: boolean): Promise<SegmentWriter> {
    const { path, handle } = await createSegment(dir, firstSeq, durable);
    const segment: Segment = { path, firstSeq, lastSeq: 0, bytes: SEGMENT_HEADER_BYTES, live: new Set() };
    return new SegmentWriter(handle, segment);
  }

  /** Reopens a recovered segment that holds no record yet, to append after its header. */
  static async reopen(segment: Segment): Promise<SegmentWriter> {
    return new SegmentWriter(await open(segment.path, 'r+'), segment);
  }

  /** Whether the segment holds records after its header. */
  get hasRecords(): boolean {
    return this.segment.bytes > SEGMENT_HEADER_BYTES;
  }

  /** Writes `records` back to back after the last one; the segment's size grows only on success. */
  async write(records: readonly PendingRecord[]): Promise<void> {
    if (records.length === 0) return;
    let size = 0;
    for (const r of records) size += RECORD_HEADER_BYTES + r.payload.length;
    const buffer = Buffer.allocUnsafe(size);
    let at = 0;
    for (const r of records) {
      buffer.set(encodeRecordHeader(r.seq, r.payload), at);
      buffer.set(r.payload, at + RECORD_HEADER_BYTES);
      at += RECORD_HEADER_BYTES + r.payload.length;
    }
    const position = this.segment.bytes;
    for (let done = 0; done < size; ) {
      const { bytesWritten } = await this.handle.write(buffer, done, size - done, position + done);
      done += bytesWritten;
    }
    this.segment.bytes += size;
  }

  /** Flushes the file's data to stable storage. */
  sync(): Promise<void> {
    return this.handle.datasync();
  }

  /** Closes the file, syncing it first when `durable`. */
  async close(durable: boolean): Promise<void> {
    try {
      if (durable) await this.handle.datasync();
    } finally {
      await this.handle.close();
    }
  }
}
