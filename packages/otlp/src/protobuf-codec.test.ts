import { type AnyValue, makeResource, makeScope, makeSpan } from '@autoscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureSpans, realisticSpans } from '../test/fixtures.js';
import { decodeResourceSpans, decodeTraceRequest, iterateTraceRequest } from './decode-trace.js';
import { encodedTraceRequestSize, encodeTraceRequest } from './encode-trace.js';
import { OtlpDecodeError } from './errors.js';

/** featureSpans() in the order the encoder groups them (resource, then scope, first seen). */
function groupedFeatureSpans() {
  const [a, b, c, d] = featureSpans();
  return [a!, d!, b!, c!];
}

function decodeError(bytes: Uint8Array): OtlpDecodeError {
  try {
    decodeTraceRequest(bytes, 'test.bin');
  } catch (error) {
    if (error instanceof OtlpDecodeError) return error;
    throw error;
  }
  throw new Error('expected a decode error');
}

describe('OTLP protobuf codec', () => {
  it('round-trips every field exactly, including all AnyValue variants and 64-bit extremes', () => {
    const spans = groupedFeatureSpans();
    const bytes = encodeTraceRequest(spans);
    const back = decodeTraceRequest(bytes);
    expect(back).toEqual(spans);
    const negativeZero = back[0]!.attributes.find((kv) => kv.key === 'double.neg0')!.value;
    expect(Object.is((negativeZero as { doubleValue: number }).doubleValue, -0)).toBe(true);
    expect(encodeTraceRequest(back)).toEqual(bytes);
  });

  it('shares one resource and one scope object among the spans that had them', () => {
    const back = decodeTraceRequest(encodeTraceRequest(realisticSpans(30)));
    expect(new Set(back.map((s) => s.resource)).size).toBe(1);
    expect(new Set(back.map((s) => s.scope)).size).toBe(1);
    expect(back[0]!.resource.serviceName).toBe('checkout');
    const grouped = decodeTraceRequest(encodeTraceRequest(groupedFeatureSpans()));
    expect(grouped[0]!.resource).toBe(grouped[2]!.resource);
    expect(grouped[0]!.resource).not.toBe(grouped[3]!.resource);
    expect(grouped[3]!.resource.serviceName).toBe('unknown_service');
  });

  it('groups by resource then scope identity in first-seen order', () => {
    const r1 = makeResource([{ key: 'service.name', value: { stringValue: 'a' } }]);
    const r2 = makeResource([{ key: 'service.name', value: { stringValue: 'b' } }]);
    const s1 = makeScope('s1');
    const s2 = makeScope('s2');
    const mk = (n: number, resource = r1, scope = s1) =>
      makeSpan({
        traceId: 'ab'.repeat(16),
        spanId: (n + 1).toString(16).padStart(16, '0'),
        parentSpanId: '',
        name: `n${n}`,
        startTimeUnixNano: 1n,
        endTimeUnixNano: 2n,
        resource,
        scope,
      });
    const spans = [mk(0, r2, s2), mk(1, r1, s1), mk(2, r2, s1), mk(3, r2, s2), mk(4, r1, s1)];
    const names = decodeTraceRequest(encodeTraceRequest(spans)).map((s) => s.name);
    expect(names).toEqual(['n0', 'n3', 'n2', 'n1', 'n4']);
  });

  it('computes the exact encoded size without encoding', () => {
    for (const spans of [[], realisticSpans(1), realisticSpans(200), groupedFeatureSpans()]) {
      expect(encodedTraceRequestSize(spans)).toBe(encodeTraceRequest(spans).length);
    }
  });

  it('sizes the next request exactly after a span that cannot be encoded threw', () => {
    let deep: AnyValue = { stringValue: 'x' };
    for (let i = 0; i < 100; i++) deep = { arrayValue: { values: [deep] } };
    const good = realisticSpans(3);
    const other = makeResource([
      { key: 'service.name', value: { stringValue: 'a-much-longer-service-name' } },
    ]);
    const bad = { ...good[0]!, resource: other, attributes: [{ key: 'deep', value: deep }] };
    expect(() => encodedTraceRequestSize([{ ...good[1]!, resource: other }, bad])).toThrow(/deeper than 64/);
    expect(encodedTraceRequestSize(good)).toBe(encodeTraceRequest(good).length);
  });

  it('sizes interleaved resources and scopes exactly, and past 64 (resource, scope) pairs too', () => {
    const resources = Array.from({ length: 70 }, (_, r) =>
      makeResource(
        [{ key: 'service.name', value: { stringValue: `svc-${r}` } }],
        r % 4,
        r % 3 === 0 ? 'https://schema/1' : '',
      ),
    );
    const scopes = [makeScope('a'), makeScope('b', '2'), { ...makeScope(''), schemaUrl: 'https://scope' }];
    const span = (k: number, r: number) =>
      makeSpan({
        traceId: 'cd'.repeat(16),
        spanId: (k + 1).toString(16).padStart(16, '0'),
        parentSpanId: '',
        name: `op${k % 7}`,
        startTimeUnixNano: BigInt(k),
        endTimeUnixNano: BigInt(k + 5),
        resource: resources[r]!,
        scope: scopes[k % scopes.length]!,
      });
    const few = Array.from({ length: 60 }, (_, k) => span(k, k % 5));
    const many = Array.from({ length: 300 }, (_, k) => span(k, (k * 7) % 70));
    for (const spans of [few, many, [...few, ...many]]) {
      expect(encodedTraceRequestSize(spans)).toBe(encodeTraceRequest(spans).length);
    }
  });

  it('matches property-based random spans: size, round trip, and byte-identical re-encoding', () => {
    const str = fc.string({ unit: 'binary', maxLength: 20 });
    const id = (bytes: number) =>
      fc
        .uint8Array({ minLength: bytes, maxLength: bytes })
        .filter((b) => b.some((x) => x !== 0))
        .map((b) => Buffer.from(b).toString('hex'));
    const value = fc.oneof(
      str.map((s) => ({ stringValue: s })),
      fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n }).map((n) => ({ intValue: n })),
      fc.double({ noNaN: true }).map((d) => ({ doubleValue: d })),
      fc.boolean().map((b) => ({ boolValue: b })),
      fc.uint8Array({ maxLength: 10 }).map((b) => ({ bytesValue: b })),
    );
    const attrs = fc.array(fc.record({ key: str, value }), { maxLength: 5 });
    const resource = makeResource([{ key: 'service.name', value: { stringValue: 'svc' } }]);
    const scope = makeScope('lib', '1');
    const span = fc.record({
      traceId: id(16),
      spanId: id(8),
      parentSpanId: fc.oneof(fc.constant(''), id(8)),
      name: str,
      traceState: str,
      kind: fc.integer({ min: -5, max: 1000 }),
      flags: fc.nat({ max: 0xffffffff }),
      startTimeUnixNano: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      endTimeUnixNano: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      attributes: attrs,
      droppedAttributesCount: fc.nat({ max: 0xffffffff }),
    });
    fc.assert(
      fc.property(fc.array(span, { maxLength: 5 }), (inits) => {
        const spans = inits.map((init) => makeSpan({ ...init, resource, scope }));
        const bytes = encodeTraceRequest(spans);
        expect(encodedTraceRequestSize(spans)).toBe(bytes.length);
        const back = decodeTraceRequest(bytes);
        expect(back).toEqual(spans);
        expect(encodeTraceRequest(back)).toEqual(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it('streams one ResourceSpans at a time and decodes a lone ResourceSpans body', () => {
    const spans = groupedFeatureSpans();
    const bytes = encodeTraceRequest(spans);
    const batches = [...iterateTraceRequest(bytes)];
    expect(batches.map((b) => b.length)).toEqual([3, 1]);
    // The first field is resource_spans: tag 0x0a, then a varint length.
    let length = 0;
    let pos = 1;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[pos++]!;
      length += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
    }
    expect(decodeResourceSpans(bytes.subarray(pos, pos + length))).toEqual(batches[0]);
  });

  it('skips unknown fields of every wire type', () => {
    const bytes = encodeTraceRequest(realisticSpans(2));
    // Unknown field 9 as varint, fixed64, length-delimited and fixed32, before the request's fields.
    const unknown = [0x48, 0x96, 0x01, 0x49, 1, 2, 3, 4, 5, 6, 7, 8, 0x4a, 2, 0xff, 0xfe, 0x4d, 1, 2, 3, 4];
    const joined = new Uint8Array([...unknown, ...bytes]);
    expect(decodeTraceRequest(joined)).toEqual(decodeTraceRequest(bytes));
  });

  it('treats an empty buffer as an empty request', () => {
    expect(decodeTraceRequest(new Uint8Array(0))).toEqual([]);
  });
});

/** Builds protobuf bytes by hand for error cases: [tag, ...payload] pieces. */
function msg(...fields: (number | Uint8Array)[][]): Uint8Array {
  const out: number[] = [];
  for (const [tag, ...rest] of fields) {
    out.push(tag as number);
    for (const part of rest) {
      if (part instanceof Uint8Array) {
        out.push(...varint(part.length), ...part);
      } else out.push(part);
    }
  }
  return new Uint8Array(out);
}
const bytesOf = (n: number, fill = 1) => new Uint8Array(n).fill(fill);
const request = (span: Uint8Array) => msg([0x0a, msg([0x12, msg([0x12, span])])]);

describe('OTLP protobuf decode errors', () => {
  it('names the field path and offset of an id of the wrong length', () => {
    const span = msg([0x0a, bytesOf(5)], [0x12, bytesOf(8)]);
    const error = decodeError(request(span));
    expect(error.code).toBe('AUTOSCOPE_OTLP_DECODE');
    expect(error.path).toBe('resource_spans[0].scope_spans[0].spans[0].trace_id');
    expect(error.reason).toBe('expected 16 bytes, got 5');
    expect(error.offset).toBe(7); // the id's length prefix
    expect(error.message).toContain('test.bin');
  });

  it('counts indices in the path', () => {
    const good = msg([0x0a, bytesOf(16)], [0x12, bytesOf(8)]);
    const bad = msg([0x0a, bytesOf(16)], [0x12, bytesOf(3)]);
    const scope = msg([0x12, good], [0x12, good], [0x12, bad]);
    const bytes = msg([0x0a, msg([0x12, msg([0x12, good])])], [0x0a, msg([0x12, msg()], [0x12, scope])]);
    expect(decodeError(bytes).path).toBe('resource_spans[1].scope_spans[1].spans[2].span_id');
  });

  it('decodes span and parent ids exactly through the recent-id cache, collisions included', () => {
    const resource = makeResource([{ key: 'service.name', value: { stringValue: 'svc' } }]);
    const scope = makeScope('lib');
    // 20,000 ids (more than the cache's 4,096 slots, so slots collide), differing only in their last two
    // bytes, each the parent of the next two: parent ids are cache hits, evicted ones are converted again.
    const hex = (k: number) => `a1b2c3d4e5f6${(k + 1).toString(16).padStart(4, '0')}`;
    const spans = Array.from({ length: 20_000 }, (_, k) =>
      makeSpan({
        traceId: 'ab'.repeat(16),
        spanId: hex(k),
        parentSpanId: k === 0 ? '' : hex(k >> 1),
        name: 'op',
        startTimeUnixNano: 1n,
        endTimeUnixNano: 2n,
        resource,
        scope,
      }),
    );
    expect(new Set(spans.map((s) => s.spanId)).size).toBe(spans.length);
    const back = decodeTraceRequest(encodeTraceRequest(spans));
    expect(back.map((s) => [s.spanId, s.parentSpanId])).toEqual(spans.map((s) => [s.spanId, s.parentSpanId]));
  });

  it('rejects all-zero and missing ids, allows an empty parent id', () => {
    expect(decodeError(request(msg([0x0a, bytesOf(16, 0)], [0x12, bytesOf(8)]))).reason).toBe(
      'all-zero id is invalid',
    );
    expect(decodeError(request(msg([0x12, bytesOf(8)]))).path).toMatch(/spans\[0\]\.trace_id$/);
    const spans = decodeTraceRequest(
      request(msg([0x0a, bytesOf(16)], [0x12, bytesOf(8)], [0x22, bytesOf(0)])),
    );
    expect(spans[0]!.parentSpanId).toBe('');
    expect(
      decodeError(request(msg([0x0a, bytesOf(16)], [0x12, bytesOf(8)], [0x22, bytesOf(4)]))).path,
    ).toMatch(/parent_span_id$/);
  });

  it('rejects invalid UTF-8, bad wire types and truncation', () => {
    const badUtf8 = msg([0x0a, bytesOf(16)], [0x12, bytesOf(8)], [0x2a, new Uint8Array([0x61, 0xc3, 0x28])]);
    expect(decodeError(request(badUtf8)).reason).toBe('invalid UTF-8 in string');
    expect(decodeError(request(badUtf8)).path).toMatch(/spans\[0\]\.name$/);
    const badWire = msg([0x0a, bytesOf(16)], [0x12, bytesOf(8)], [0x28, 1]);
    expect(decodeError(request(badWire)).reason).toBe('field 5: unexpected wire type 0');
    const full = encodeTraceRequest(realisticSpans(3));
    for (const cut of [1, 2, 50, full.length - 1]) {
      expect(decodeError(full.subarray(0, cut)).reason).toMatch(/truncated|runs past/);
    }
  });

  it('limits AnyValue nesting depth', () => {
    let value = msg([0x0a, new TextEncoder().encode('x')]);
    for (let i = 0; i < 80; i++) value = msg([0x2a, msg([0x0a, value])]);
    const kv = msg([0x0a, new TextEncoder().encode('k')], [0x12, value]);
    const span = msg([0x0a, bytesOf(16)], [0x12, bytesOf(8)], [0x4a, kv]);
    expect(decodeError(request(span)).reason).toBe('AnyValue nested deeper than 64 levels');
    expect(decodeError(request(span)).path).toMatch(
      /spans\[0\]\.attributes\[0\]\.value(\.array_value\.values\[0\])+$/,
    );
  });

  it('never throws anything but OtlpDecodeError on random or mutated bytes, and terminates', () => {
    const seed = encodeTraceRequest(groupedFeatureSpans());
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 300 }),
          fc
            .array(fc.tuple(fc.nat({ max: seed.length - 1 }), fc.nat({ max: 255 })), {
              minLength: 1,
              maxLength: 6,
            })
            .map((edits) => {
              const copy = seed.slice();
              for (const [at, byte] of edits) copy[at] = byte;
              return copy;
            }),
          fc.nat({ max: seed.length }).map((cut) => seed.subarray(0, cut)),
        ),
        (bytes) => {
          try {
            decodeTraceRequest(bytes);
          } catch (error) {
            expect(error).toBeInstanceOf(OtlpDecodeError);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
