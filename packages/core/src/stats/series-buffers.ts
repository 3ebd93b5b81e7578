/**
 * Buffers of window statistics cut from shared slabs: one `Float64Array` allocation (with its off-heap
 * store, which V8 tracks for the GC) per slab of 8,192 values instead of one per series. A slab is freed
 * once no buffer cut from it is referenced. Each length has its own slabs (a series' first, short buffer
 * and its full one), so the short buffers a series leaves behind when it grows keep only short slabs alive.
 */

/** Values per slab (64 KiB). */
const SLAB_VALUES = 8192;
/** Longer buffers are allocated on their own. */
const MAX_SLAB_BUFFER = SLAB_VALUES / 8;

/** The slab being cut, per buffer length (single-threaded; module state, like any allocator). */
const slabs = new Map<number, { data: Float64Array; used: number }>();

/** A `Float64Array` of `length` values, zero-filled (a slab is never cut twice at one place). */
export function seriesBuffer(length: number): Float64Array {
  if (length > MAX_SLAB_BUFFER) return new Float64Array(length);
  let slab = slabs.get(length);
  if (slab === undefined || slab.used + length > SLAB_VALUES) {
    slab = { data: new Float64Array(SLAB_VALUES), used: 0 };
    slabs.set(length, slab);
  }
  const buffer = slab.data.subarray(slab.used, slab.used + length);
  slab.used += length;
  return buffer;
}
