import { decodeTraceRequest } from '@autoscope/otlp';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HeldRecords } from './held-records.js';
import { scanTraceRequest } from './scan-request.js';
import { writeSubRequest } from './write-request.js';

/** A protobuf varint. */
function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** A length-delimited field. */
function field(number: number, body: readonly number[]): number[] {
  return [(number << 3) | 2, ...varint(body.length), ...body];
}

const TRACE = Array.from({ length: 16 }, (_, i) => i + 1);
const spanId = (k: number): number[] => [k, 2, 3, 4, 5, 6, 7, 8];
const NAME = [...Buffer.from('op')];

/** One request of one scope holding these encoded spans. */
function request(spans: readonly (readonly number[])[]): Uint8Array {
  const scope = spans.flatMap((span) => field(2, span));
  return Uint8Array.from(field(1, field(2, scope)));
}

/** What the decoder makes of the sub-request holding span `i` of the scan alone (an error message if it fails). */
function decodeAlone(bytes: Uint8Array, i: number): string {
  const scanned = scanTraceRequest(bytes, 'test');
  try {
    return `${decodeTraceRequest(writeSubRequest(scanned, [i])).length} span`;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('scan and decoder agree on repeated id fields', () => {
  const badLink = [...field(1, [1, 2, 3]), ...field(1, TRACE), ...field(2, spanId(9))];

  it('rejects a span whose link has a bad trace_id copy before a good one (the decoder fails on it)', () => {
    const bytes = request([
      [...field(1, TRACE), ...field(2, spanId(1)), ...field(5, NAME)],
      [...field(1, TRACE), ...field(2, spanId(2)), ...field(5, NAME), ...field(13, badLink)],
      [...field(1, TRACE), ...field(2, spanId(3)), ...field(5, NAME)],
    ]);
    expect(() => decodeTraceRequest(bytes)).toThrow(/links\[0\]\.trace_id/);
    const scanned = scanTraceRequest(bytes, 'test');
    expect(scanned.count).toBe(2);
    expect(scanned.invalid).toBe(1);
    expect(scanned.invalidReason).toMatch(/link/);
    expect(decodeTraceRequest(writeSubRequest(scanned, [0, 1])).map((s) => s.spanId)).toEqual([
      '0102030405060708',
      '0302030405060708',
    ]);
  });

  for (const [name, link] of [
    [
      'an all-zero span_id copy after a good one',
      [...field(1, TRACE), ...field(2, spanId(9)), ...field(2, Array(8).fill(0))],
    ],
    [
      'a short span_id copy before a good one',
      [...field(1, TRACE), ...field(2, [1]), ...field(2, spanId(9))],
    ],
    [
      'an empty trace_id copy after a good one',
      [...field(1, TRACE), ...field(1, []), ...field(2, spanId(9))],
    ],
  ] as const) {
    it(`rejects a span whose link has ${name}`, () => {
      const bytes = request([[...field(1, TRACE), ...field(2, spanId(1)), ...field(13, link)]]);
      expect(() => decodeTraceRequest(bytes)).toThrow();
      expect(scanTraceRequest(bytes, 'test').count).toBe(0);
    });
  }

  it('rejects a span with a bad copy of its own trace_id, span_id or parent_span_id', () => {
    const spans = [
      [...field(1, [1]), ...field(1, TRACE), ...field(2, spanId(1))],
      [...field(1, TRACE), ...field(2, Array(8).fill(0)), ...field(2, spanId(2))],
      [...field(1, TRACE), ...field(2, spanId(3)), ...field(4, [1, 2]), ...field(4, spanId(1))],
    ];
    for (const span of spans) {
      const bytes = request([span]);
      expect(() => decodeTraceRequest(bytes)).toThrow();
      expect(scanTraceRequest(bytes, 'test').count).toBe(0);
    }
  });
});

/** An id field of one of the shapes the decoder tells apart: good, empty, short, long or all zero. */
function idBody(size: number): fc.Arbitrary<number[]> {
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.array(fc.integer({ min: 1, max: 255 }), { minLength: size, maxLength: size }),
    },
    { weight: 1, arbitrary: fc.constant<number[]>([]) },
    {
      weight: 1,
      arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: size + 3 }),
    },
    { weight: 1, arbitrary: fc.constant<number[]>(Array(size).fill(0)) },
  );
}

/** A list of fields (number, body) of the given kinds, shuffled and with repeats. */
function fields(kinds: readonly [number, fc.Arbitrary<number[]>][], max: number): fc.Arbitrary<number[]> {
  const one = fc.oneof(...kinds.map(([n, body]) => body.map((b) => field(n, b))));
  return fc.array(one, { minLength: 0, maxLength: max }).map((list) => list.flat());
}

const text = fc.string({ maxLength: 4 }).map((s) => [...Buffer.from(s)]);
const linkBody = fields(
  [
    [1, idBody(16)],
    [2, idBody(8)],
    [3, text],
  ],
  4,
);
const eventBody = fields([[2, text]], 2);
const spanBody = fc
  .tuple(
    idBody(16),
    idBody(8),
    fields(
      [
        [1, idBody(16)],
        [2, idBody(8)],
        [4, idBody(8)],
        [5, text],
        [11, eventBody],
        [13, linkBody],
      ],
      5,
    ),
  )
  .map(([trace, span, rest]) => [...field(1, trace), ...field(2, span), ...rest]);

/** A request built from random spans, then maybe a few random byte changes. */
const mutatedRequest = fc
  .tuple(
    fc.array(spanBody, { minLength: 1, maxLength: 6 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 2 }),
  )
  .map(([spans, flips]) => {
    const bytes = request(spans);
    for (const [at, value] of flips) bytes[at % bytes.length] = value;
    return bytes;
  });

describe('scan accepts a span => the decoder decodes it (property)', () => {
  it('holds for random id shapes, repeats and byte changes', () => {
    let accepted = 0;
    fc.assert(
      fc.property(mutatedRequest, (bytes) => {
        let count: number;
        try {
          count = scanTraceRequest(bytes, 'fuzz').count;
        } catch {
          return; // malformed: rejected whole, the decoder is never asked
        }
        accepted += count;
        for (let i = 0; i < count; i++) expect(decodeAlone(bytes, i)).toBe('1 span');
      }),
      { numRuns: 3000, seed: 20261124 },
    );
    expect(accepted).toBeGreaterThan(500);
  });
});

describe('HeldRecords.decode with a span the decoder refuses', () => {
  it('decodes its neighbours span by span and counts only the bad one', () => {
    const link = [...field(1, TRACE), ...field(2, spanId(9))];
    const bytes = request([
      [...field(1, TRACE), ...field(2, spanId(1))],
      [...field(1, TRACE), ...field(2, spanId(2)), ...field(13, link)],
      [...field(1, TRACE), ...field(2, spanId(3))],
    ]);
    const scanned = scanTraceRequest(bytes, 'test');
    expect(scanned.count).toBe(3);
    // Zero the link's span id after the scan: a gap between scan and decoder, simulated.
    const at = Buffer.from(bytes).lastIndexOf(Buffer.from(spanId(9)));
    bytes.fill(0, at, at + 8);
    const released: bigint[] = [];
    const records = new HeldRecords({ release: (seq: bigint) => void released.push(seq) } as never);
    const base = records.hold(7n, scanned);
    const spans = records.decode([base, base + 1, base + 2]);
    expect(spans.map((s) => s?.spanId)).toEqual(['0102030405060708', undefined, '0302030405060708']);
    expect(records.undecodable).toBe(1);
    expect(String(records.firstDecodeError)).toMatch(/span_id/);
  });
});
