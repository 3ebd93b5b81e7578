import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DecidedStore } from './decided-store.js';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('DecidedStore', () => {
  it('gives back every record exactly, past its initial capacity (the table and the pool grow)', () => {
    const store = new DecidedStore(4);
    const records = Array.from({ length: 3_000 }, (_, i) => ({
      traceId: hex(16),
      rootSpanId: hex(8),
      ids: Array.from({ length: i % 5 }, () => hex(8)),
    }));
    for (const r of records) store.set(r.traceId, r.rootSpanId, r.ids);
    expect(store.size).toBe(3_000);
    for (const r of records) {
      expect(store.has(r.traceId)).toBe(true);
      expect(store.get(r.traceId)).toEqual({ rootSpanId: r.rootSpanId, ids: r.ids });
    }
    for (let i = 0; i < 1_000; i++) expect(store.has(hex(16))).toBe(false);
  });

  it('replaces the record of a trace stored again, and forgets everything on clear', () => {
    const store = new DecidedStore(16);
    const traceId = hex(16);
    const [a, b, c] = [hex(8), hex(8), hex(8)];
    store.set(traceId, a, [a]);
    store.set(traceId, b, [b, c]);
    expect(store.size).toBe(2); // records written: a trace stored again takes new words
    expect(store.get(traceId)).toEqual({ rootSpanId: b, ids: [b, c] });
    store.clear();
    expect(store.has(traceId)).toBe(false);
    expect(store.get(traceId)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('keeps ids that are not lowercase hex of the W3C lengths as they are', () => {
    const store = new DecidedStore(16);
    const odd = [
      ['trace-1', 'root', ['root', 'child']],
      ['AB'.repeat(16), 'CD'.repeat(8), []],
      [hex(16), 'root', [hex(8)]],
      [hex(16), hex(8), ['x', hex(8)]],
      ['', '', ['']],
      // Non-ASCII code units whose low 7 bits are hex digits ('0', 'a', '1').
      ['\u0130'.repeat(32), '\u0161'.repeat(16), ['\u0131'.repeat(16)]],
      [hex(16), hex(8), [`${hex(7)}\u0161`]],
    ] as const;
    for (const [traceId, root, ids] of odd) store.set(traceId, root, ids);
    for (const [traceId, root, ids] of odd) expect(store.get(traceId)).toEqual({ rootSpanId: root, ids });
    const traceId = odd[2][0];
    const root = hex(8);
    store.set(traceId, root, [root]);
    expect(store.get(traceId)).toEqual({ rootSpanId: root, ids: [root] });
  });

  it('takes an id with one non-hex character at any position for a non-hex id', () => {
    const store = new DecidedStore(16);
    const base = hex(8);
    for (let k = 0; k < 16; k++) {
      for (const bad of ['g', 'A', '\u0130']) {
        const id = base.slice(0, k) + bad + base.slice(k + 1);
        const traceId = `${hex(8)}${id}`;
        store.set(traceId, base, [base, id]);
        expect(store.get(traceId)).toEqual({ rootSpanId: base, ids: [base, id] });
      }
    }
  });
});
