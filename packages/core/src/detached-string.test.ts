import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { detachedString } from './detached-string.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Heap bytes still used after cutting a 32-character id out of each of 16 fresh 4-8 MB texts (about 88 MB
 * in all; the last text may still be on the stack).
 */
function retainedByIds(cut: (id: string) => string): { ids: string[]; bytes: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const ids: string[] = [];
  for (let i = 0; i < 16; i++) {
    const text = `${String(i).repeat(4_000_000)}0123456789abcdef0123456789abcdef,rest`;
    ids.push(cut(text.slice(text.length - 37, text.length - 5)));
  }
  gc();
  return { ids, bytes: process.memoryUsage().heapUsed - before };
}

describe('detachedString', () => {
  it('equals its input', () => {
    const long = 'a'.repeat(100);
    expect(detachedString(long.slice(3, 40))).toBe(long.slice(3, 40));
    expect(detachedString('')).toBe('');
  });

  it('keeps no parent text alive, where a plain substring keeps all of it', () => {
    const sliced = retainedByIds((id) => id);
    expect(sliced.ids.every((id) => id === '0123456789abcdef0123456789abcdef')).toBe(true);
    expect(sliced.bytes).toBeGreaterThan(48_000_000); // V8 substrings are views: the texts stay
    const detached = retainedByIds(detachedString);
    expect(detached.ids.every((id) => id === '0123456789abcdef0123456789abcdef')).toBe(true);
    expect(detached.bytes).toBeLessThan(16_000_000);
  });
});
