import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TraceIdFilter } from './trace-id-filter.js';

const traceIds = (n: number) => Array.from({ length: n }, () => randomBytes(16).toString('hex'));

describe('TraceIdFilter', () => {
  it('never forgets an added id, and lets few others through at its expected load', () => {
    const filter = new TraceIdFilter(20_000);
    const added = traceIds(20_000);
    for (const id of added) filter.add(id);
    for (const id of added) expect(filter.mightHave(id)).toBe(true);
    const others = traceIds(20_000).filter((id) => filter.mightHave(id)).length;
    expect(others).toBeLessThan(20_000 / 16);
  });

  it('forgets everything on clear', () => {
    const filter = new TraceIdFilter(10);
    const ids = traceIds(10);
    for (const id of ids) filter.add(id);
    filter.clear();
    for (const id of ids) expect(filter.mightHave(id)).toBe(false);
  });

  it('takes any string: empty, short, non-hex, unicode', () => {
    const filter = new TraceIdFilter(1);
    for (const id of ['', 'a', 'trace-1', 'ÿ€😀', 'ZZZZZZZZZZ']) {
      filter.add(id);
      expect(filter.mightHave(id)).toBe(true);
    }
  });
});
