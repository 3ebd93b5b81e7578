import { makeResource, makeScope, makeSpan, type Span } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { assembleTraces } from './read-traces.js';

const resource = makeResource([{ key: 'service.name', value: { stringValue: 'svc' } }]);
const scope = makeScope('test');

function span(traceId: string, spanId: string, parent: string | undefined, endSeconds: number): Span {
  return makeSpan({
    traceId,
    spanId,
    parentSpanId: parent ?? '',
    name: `op-${spanId}`,
    startTimeUnixNano: BigInt(endSeconds - 1) * 1_000_000_000n,
    endTimeUnixNano: BigInt(endSeconds) * 1_000_000_000n,
    resource,
    scope,
  });
}

async function* batches(...list: Span[][]): AsyncGenerator<readonly Span[]> {
  for (const b of list) yield b;
}

async function collect(source: AsyncIterable<{ traceId: string; spans: readonly Span[]; late: boolean }>) {
  const out: { traceId: string; spans: number; late: boolean }[] = [];
  for await (const t of source) out.push({ traceId: t.traceId, spans: t.spans.length, late: t.late });
  return out;
}

describe('assembleTraces', () => {
  it('groups spans of a trace spread over batches and completes traces in data time', async () => {
    const a = 'a'.repeat(32);
    const b = 'b'.repeat(32);
    const traces = await collect(
      assembleTraces(
        batches(
          [span(a, '1'.repeat(16), undefined, 10), span(b, '3'.repeat(16), undefined, 11)],
          [span(a, '2'.repeat(16), '1'.repeat(16), 12)],
          // 200 s later: both traces are idle for longer than 90 s and complete before the flush.
          [span('c'.repeat(32), '5'.repeat(16), undefined, 212)],
          [span(a, '4'.repeat(16), '1'.repeat(16), 213)],
        ),
      ),
    );
    expect(traces).toEqual([
      { traceId: a, spans: 2, late: false },
      { traceId: b, spans: 1, late: false },
      { traceId: a, spans: 1, late: true },
      { traceId: 'c'.repeat(32), spans: 1, late: false },
    ]);
  });

  it('holds a trace while spans keep arriving within the idle time', async () => {
    const a = 'c'.repeat(32);
    const traces = await collect(
      assembleTraces(
        batches([span(a, '1'.repeat(16), undefined, 10)], [span(a, '2'.repeat(16), '1'.repeat(16), 60)]),
        { idleNanos: 100e9 },
      ),
    );
    expect(traces).toEqual([{ traceId: a, spans: 2, late: false }]);
  });
});
