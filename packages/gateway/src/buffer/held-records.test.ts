import { encodeTraceRequest } from '@autoscope/otlp';
import { describe, expect, it } from 'vitest';
import { makeTraces } from '../../test/helpers/raw-spans.js';
import type { SpanLog } from '../contracts.js';
import { HeldRecords, ownBytes } from './held-records.js';
import { scanTraceRequest } from './scan-request.js';

const noLog = { release: () => {} } as unknown as SpanLog;

/** `bytes` copied into the middle of a buffer of `size` bytes, as a view. */
function viewIn(bytes: Uint8Array, size: number): Uint8Array {
  const big = new Uint8Array(size);
  big.set(bytes, 100);
  return big.subarray(100, 100 + bytes.length);
}

describe('HeldRecords.hold', () => {
  it('copies a small view out of a large buffer, so what is counted is what is retained', () => {
    const spans = makeTraces(1, 3)[0]!;
    const encoded = encodeTraceRequest(spans);
    const view = viewIn(encoded, 16 * 1024);
    const request = scanTraceRequest(view, 'test');
    const records = new HeldRecords(noLog);
    const base = records.hold(1n, request);
    expect(records.bufferedBytes).toBe(encoded.length);
    // The large buffer is reused by its owner (zlib, the gRPC pool): the held record must not see it.
    new Uint8Array(view.buffer).fill(0);
    const decoded = records.decode([base, base + 1, base + 2]);
    expect(decoded.map((s) => s?.spanId)).toEqual(spans.map((s) => s.spanId));
    expect(records.undecodable).toBe(0);
  });

  it('keeps whole buffers and views of about their own size without copying', () => {
    const encoded = encodeTraceRequest(makeTraces(1, 40)[0]!);
    expect(ownBytes(encoded)).toBe(encoded);
    const near = viewIn(encoded, encoded.length + 200);
    expect(ownBytes(near)).toBe(near);
    const small = viewIn(Uint8Array.of(1, 2, 3), 4096);
    expect(ownBytes(small)).toBe(small);
    const far = viewIn(encoded, 8 * encoded.length + 8192);
    const copy = ownBytes(far);
    expect(copy).not.toBe(far);
    expect(copy.buffer.byteLength).toBe(encoded.length);
    expect(copy).toEqual(encoded);
  });
});
