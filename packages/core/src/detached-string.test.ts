import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { detachedString } from './detached-string.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap bytes still used after cutting a 32-character id out of each of 8 fresh 512 KB texts (4 MB in all). */
function retainedByIds(cut: (id: string) => string): { ids: string[]; bytes: number } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    const text = `${String(i).repeat(512 * 1024)}0123456789abcdef0123456789abcdef,rest`;
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
    expect(sliced.bytes).toBeGreaterThan(3_000_000); // V8 substrings are views: the texts stay
    const detached = retainedByIds(detachedString);
    expect(detached.ids.every((id) => id === '0123456789abcdef0123456789abcdef')).toBe(true);
    expect(detached.bytes).toBeLessThan(1_000_000);
  });
});
