/**
 * Errors of the write-ahead log. Each failure has its own class with a stable `code`
 * (listed in docs/gateway-durability.md).
 */
import { AutoscopeError } from '@autoscope/core';

/**
 * The log holds `maxBytes` already: the record was not written. Receivers answer 503/429 with
 * Retry-After (HTTP) or RESOURCE_EXHAUSTED (gRPC); space comes back as records are released.
 */
export class WalFullError extends AutoscopeError {
  readonly usedBytes: number;
  readonly maxBytes: number;
  readonly recordBytes: number;

  constructor(usedBytes: number, maxBytes: number, recordBytes: number) {
    super(
      'AUTOSCOPE_WAL_FULL',
      `write-ahead log full: ${usedBytes} of ${maxBytes} bytes used, cannot add a ${recordBytes}-byte record`,
    );
    this.usedBytes = usedBytes;
    this.maxBytes = maxBytes;
    this.recordBytes = recordBytes;
  }
}

/** One record is larger than the whole log may ever hold (`maxBytes`); retrying cannot help. */
export class WalRecordTooLargeError extends AutoscopeError {
  constructor(recordBytes: number, maxBytes: number) {
    super(
      'AUTOSCOPE_WAL_RECORD_TOO_LARGE',
      `a ${recordBytes}-byte record can never fit a write-ahead log of maxBytes ${maxBytes}`,
    );
  }
}

/**
 * A record in a segment file failed its length or CRC check. Reported (not thrown) by `open`: the bad
 * bytes are skipped and every intact record before and after them is kept.
 */
export class WalCorruptRecordError extends AutoscopeError {
  readonly file: string;
  readonly offset: number;
  readonly skippedBytes: number;

  constructor(file: string, offset: number, skippedBytes: number, reason: string) {
    super(
      'AUTOSCOPE_WAL_CORRUPT',
      `${file}: byte offset ${offset}: ${reason}; skipped ${skippedBytes} bytes, kept the records around them`,
    );
    this.file = file;
    this.offset = offset;
    this.skippedBytes = skippedBytes;
  }
}

/**
 * Writing or syncing the log failed (disk full, I/O error), or the log is closed. After a failed fsync
 * the log refuses further appends: the kernel may have dropped the unsynced pages.
 */
export class WalWriteError extends AutoscopeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('AUTOSCOPE_WAL_WRITE', message, options);
  }
}

/** An option of `WriteAheadLog.open` is out of range; the message names the option and the fix. */
export class WalOptionError extends AutoscopeError {
  constructor(option: string, message: string) {
    super('AUTOSCOPE_WAL_OPTION', `WriteAheadLog option ${option}: ${message}`);
  }
}
