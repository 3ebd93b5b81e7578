/** Options of `WriteAheadLog.open`, their defaults and their validation. */
import { WalOptionError } from './errors.js';

/**
 * When appended records are synced to stable storage before `append` resolves:
 * - `always`: every write is followed by an fsync (appends arriving meanwhile share the next one);
 * - `batch`: group commit, at most one fsync per `fsyncIntervalMs`, shared by every append in it;
 * - `never`: written to the OS page cache only; survives a process crash, not a power loss.
 */
export type FsyncPolicy = 'always' | 'batch' | 'never';

/** Options of `WriteAheadLog.open`. */
export interface WriteAheadLogOptions {
  /** Upper bound of the log's size on disk (plus records queued for writing); `append` rejects beyond it. */
  readonly maxBytes: number;
  /** Size at which a new segment file starts. Default: maxBytes / 8, between 64 KiB and 16 MiB. */
  readonly segmentBytes?: number;
  readonly fsync: FsyncPolicy;
  /** Group-commit window of the `batch` policy, in milliseconds. Default 5. */
  readonly fsyncIntervalMs?: number;
  /** How often, at most, the released set is checkpointed, in milliseconds. Default 1000. */
  readonly checkpointIntervalMs?: number;
}

/** Options with every default applied. */
export type ResolvedWalOptions = Required<WriteAheadLogOptions>;

const POLICIES: readonly string[] = ['always', 'batch', 'never'];

/** Applies defaults; throws `WalOptionError` naming the first bad option. */
export function resolveWalOptions(options: WriteAheadLogOptions): ResolvedWalOptions {
  const { maxBytes, fsync } = options;
  positive('maxBytes', maxBytes, 1024);
  if (!POLICIES.includes(fsync))
    throw new WalOptionError('fsync', `expected always, batch or never, got ${String(fsync)}`);
  const segmentBytes =
    options.segmentBytes ?? Math.min(16 << 20, Math.max(64 << 10, Math.floor(maxBytes / 8)));
  positive('segmentBytes', segmentBytes, 64);
  const fsyncIntervalMs = options.fsyncIntervalMs ?? 5;
  const checkpointIntervalMs = options.checkpointIntervalMs ?? 1000;
  nonNegative('fsyncIntervalMs', fsyncIntervalMs);
  nonNegative('checkpointIntervalMs', checkpointIntervalMs);
  return { maxBytes, segmentBytes, fsync, fsyncIntervalMs, checkpointIntervalMs };
}

function positive(option: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new WalOptionError(option, `expected an integer of at least ${min} bytes, got ${value}`);
  }
}

function nonNegative(option: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new WalOptionError(option, `expected a finite number of milliseconds >= 0, got ${value}`);
  }
}
