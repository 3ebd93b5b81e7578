import type { Compress } from './block-compressor.js';

/** zstd level used for the size measurement (the codec's default). */
export const ZSTD_LEVEL = 3;

/**
 * Loads the zstd codec (WebAssembly, `@bokuweb/zstd-wasm`; Node 20 has no zstd of its own). Resolves to
 * `undefined` when it cannot be loaded, so reports say `null` rather than failing.
 */
export async function loadZstd(): Promise<Compress | undefined> {
  try {
    const zstd = await import('@bokuweb/zstd-wasm');
    await zstd.init();
    return (block) => zstd.compress(block, ZSTD_LEVEL).length;
  } catch {
    return undefined;
  }
}
