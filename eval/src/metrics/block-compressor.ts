import { constants, gzipSync } from 'node:zlib';

/** Bytes compressed by one codec; `null` when the codec is not available. */
export type Compress = (block: Uint8Array) => number;

/** Uncompressed bytes per block: blocks are compressed independently, as an exporter compresses requests. */
export const BLOCK_BYTES = 1 << 20;

/** gzip at zlib's default level: compressed size of a block. */
export const gzipSize: Compress = (block) =>
  gzipSync(block, { level: constants.Z_DEFAULT_COMPRESSION }).length;

/**
 * Counts the compressed size of a byte stream with gzip and (when available) zstd, in bounded memory: the
 * stream is cut into blocks of {@link BLOCK_BYTES}, each compressed on its own. For gzip this is within a
 * fraction of a percent of one continuous stream (deflate's window is 32 KiB); zstd loses some context at
 * block edges, as an exporter compressing 1 MiB requests does.
 */
export class BlockCompressor {
  private readonly block = new Uint8Array(BLOCK_BYTES);
  private filled = 0;
  gzipBytes = 0;
  zstdBytes = 0;

  constructor(private readonly zstd: Compress | undefined) {}

  /** Appends bytes to the stream. */
  add(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      const n = Math.min(bytes.length - offset, BLOCK_BYTES - this.filled);
      this.block.set(bytes.subarray(offset, offset + n), this.filled);
      this.filled += n;
      offset += n;
      if (this.filled === BLOCK_BYTES) this.flush();
    }
  }

  /** Compresses what is left; call once at the end. */
  flush(): void {
    if (this.filled === 0) return;
    const block = this.block.subarray(0, this.filled);
    this.gzipBytes += gzipSize(block);
    if (this.zstd !== undefined) this.zstdBytes += this.zstd(block);
    this.filled = 0;
  }

  /** zstd bytes, or `null` without a zstd codec. */
  get zstdTotal(): number | null {
    return this.zstd === undefined ? null : this.zstdBytes;
  }
}
