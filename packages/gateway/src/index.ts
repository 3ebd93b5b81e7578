/** The version of the gateway package, reported by `/healthz` and the logs. */
export const GATEWAY_VERSION = '0.1.0';
export {
  WalCorruptRecordError,
  WalFullError,
  WalOptionError,
  WalRecordTooLargeError,
  WalWriteError,
} from './wal/errors.js';
export type { FsyncPolicy, WriteAheadLogOptions } from './wal/options.js';
export type { WalRecoveryReport } from './wal/recover.js';
export type { WalStats } from './wal/write-ahead-log.js';
export { WriteAheadLog } from './wal/write-ahead-log.js';
