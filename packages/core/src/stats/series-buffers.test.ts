import { describe, expect, it } from 'vitest';
import { seriesBuffer } from './series-buffers.js';

describe('seriesBuffer', () => {
  it('cuts zero-filled buffers that never overlap, across slabs and lengths', () => {
    const buffers: Float64Array[] = [];
    for (let i = 0; i < 400; i++) buffers.push(seriesBuffer(i % 2 === 0 ? 89 : 225));
    buffers.forEach((buffer, k) => {
      expect(buffer.length).toBe(k % 2 === 0 ? 89 : 225);
      expect(buffer.every((x) => x === 0)).toBe(true);
      buffer.fill(k + 1);
    });
    // Each buffer still holds its own mark: writing one never wrote into another.
    for (const [k, buffer] of buffers.entries()) expect(buffer.every((x) => x === k + 1)).toBe(true);
  });

  it('allocates long buffers on their own', () => {
    const long = seriesBuffer(5000);
    expect(long.length).toBe(5000);
    expect(long.byteOffset).toBe(0);
    expect(long.buffer.byteLength).toBe(5000 * 8);
  });
});
