import { describe, expect, it } from 'vitest';
import { dropInvalidJsonSpans } from './json-span-ids.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';

function span(spanId: string, links: unknown[] = []) {
  return { traceId: TRACE, spanId, name: 'op', startTimeUnixNano: '1', endTimeUnixNano: '2', links };
}

function request(spans: unknown[]) {
  return { resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans }] }] };
}

describe('dropInvalidJsonSpans', () => {
  it('drops a span with a malformed link id alone, as protobuf partial success does', () => {
    const value = request([
      span('b7ad6b7169203331', [{ traceId: TRACE, spanId: '00f067aa0ba902b7' }]),
      span('b7ad6b7169203332', [{ traceId: 'abcdef', spanId: '00f067aa0ba902b7' }]),
      span('b7ad6b7169203333', [{ traceId: TRACE, spanId: '0000000000000000' }]),
    ]);
    const dropped = dropInvalidJsonSpans(value);
    expect(dropped.count).toBe(2);
    expect(dropped.firstReason).toMatch(/link/);
    const kept = value.resourceSpans[0]!.scopeSpans[0]!.spans as { spanId: string }[];
    expect(kept.map((s) => s.spanId)).toEqual(['b7ad6b7169203331']);
  });

  it('keeps spans without links or with well-formed ones', () => {
    const value = request([
      span('b7ad6b7169203331'),
      span('b7ad6b7169203332', [{ traceId: TRACE, spanId: 'abcdefabcdefabcd' }]),
    ]);
    expect(dropInvalidJsonSpans(value).count).toBe(0);
  });
});
