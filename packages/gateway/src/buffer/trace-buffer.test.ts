import { makeSpan, type Span } from '@autoscope/core';
import { encodeTraceRequest } from '@autoscope/otlp';
import { describe, expect, it } from 'vitest';
import { makeTraces } from '../../test/helpers/raw-spans.js';
import { scanTraceRequest } from './scan-request.js';
import { Admission, TraceBuffer } from './trace-buffer.js';

const options = { idle: 10, maxWait: 100, maxSpans: 1000, decidedCacheSize: 100, maxSpansPerTrace: 4 };

function scan(spans: Span[]) {
  return scanTraceRequest(encodeTraceRequest(spans), 'test');
}

describe('TraceBuffer', () => {
  it('completes a trace once its root arrived and it was quiet, or at the maximum wait', () => {
    const buffer = new TraceBuffer(options);
    const [withRoot, withoutRoot] = makeTraces(2, 3);
    expect(buffer.add(scan([...withRoot!, ...withoutRoot!.slice(1)]), 0, 0)).toEqual([]);
    expect(buffer.heldSpans).toBe(5);
    expect(buffer.poll(9)).toEqual([]);
    const idle = buffer.poll(10);
    expect(idle.map((t) => [t.traceId, t.refs, t.cause])).toEqual([
      [withRoot![0]!.traceId, [0, 1, 2], 'idle'],
    ]);
    expect(buffer.poll(100).map((t) => [t.refs, t.cause])).toEqual([[[3, 4], 'max_wait']]);
    expect(buffer.heldSpans).toBe(0);
  });

  it('turns late spans into a late trace', () => {
    const buffer = new TraceBuffer(options);
    const [trace] = makeTraces(1, 3);
    buffer.add(scan(trace!.slice(0, 2)), 0, 0);
    buffer.flush();
    const late = buffer.add(scan(trace!.slice(2)), 100, 5);
    expect(late).toEqual([{ traceId: trace![0]!.traceId, refs: [100], cause: 'idle', late: true }]);
  });

  it('admits at most maxSpansPerTrace spans of a trace, counting what is held and the request', () => {
    const buffer = new TraceBuffer(options);
    const [trace] = makeTraces(1, 7);
    buffer.add(scan(trace!.slice(0, 3)), 0, 0);
    const verdicts = buffer.admit(scan(trace!.slice(3)));
    expect([...verdicts]).toEqual([0, 1, 1, 1]);
  });

  it('rejects late spans of a trace decided with nothing kept, and only those', () => {
    const buffer = new TraceBuffer(options);
    const [dropped, kept] = makeTraces(2, 2);
    buffer.add(scan([dropped![0]!, kept![0]!]), 0, 0);
    buffer.flush();
    buffer.markDropped(dropped![0]!.traceId);
    const verdicts = buffer.admit(scan([dropped![1]!, kept![1]!]));
    expect([...verdicts]).toEqual([Admission.TRACE_DROPPED, Admission.OK]);
    const unknown = makeSpan({ ...kept![1]!, traceId: 'f'.repeat(32) });
    expect([...buffer.admit(scan([unknown]))]).toEqual([Admission.OK]);
  });

  it('completes the oldest traces early when over maxSpans', () => {
    const buffer = new TraceBuffer({ ...options, maxSpans: 3 });
    const [a, b] = makeTraces(2, 2);
    const out = buffer.add(scan([...a!, ...b!]), 0, 0);
    expect(out.map((t) => [t.traceId, t.cause])).toEqual([[a![0]!.traceId, 'memory']]);
  });
});
