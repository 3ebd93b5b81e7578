import {
  type AnyValue,
  makeResource,
  makeScope,
  makeSpan,
  type Span,
  StatusCode,
  stringAttr,
} from '@autoscope/core';
import { decodeTraceRequest, encodeTraceRequest } from '@autoscope/otlp';
import { describe, expect, it } from 'vitest';
import { random } from '../../test/helpers/random.js';
import { BadRequestError } from '../errors.js';
import { scanTraceRequest } from './scan-request.js';
import { writeSubRequest } from './write-request.js';

const nested: AnyValue = {
  kvlistValue: {
    values: [
      {
        key: 'a',
        value: { arrayValue: { values: [{ intValue: -5n }, { doubleValue: 1.5 }, { boolValue: true }] } },
      },
      { key: 'b', value: { bytesValue: Uint8Array.of(1, 2, 3) } },
      { key: 'ü', value: { stringValue: 'größe €' } },
    ],
  },
};

/** Spans over two resources and three scopes, with every kind of field, in `traces` traces. */
function richSpans(traces: number): Span[] {
  const resources = [
    makeResource([stringAttr('service.name', 'orders')], 0, 'https://schema/1'),
    makeResource([stringAttr('service.name', 'payments'), { key: 'n', value: nested }], 2),
  ];
  const scopes = [makeScope('http', '1.0'), makeScope('db', '', [stringAttr('x', 'y')]), makeScope('rpc')];
  const spans: Span[] = [];
  for (let t = 0; t < traces; t++) {
    const traceId = (t + 1).toString(16).padStart(32, 'a');
    for (let i = 0; i < 5; i++) {
      spans.push(
        makeSpan({
          traceId,
          spanId: (t * 10 + i + 1).toString(16).padStart(16, 'b'),
          parentSpanId: i === 0 ? '' : (t * 10 + 1).toString(16).padStart(16, 'b'),
          name: `op ${i}`,
          kind: i % 4,
          startTimeUnixNano: 1_700_000_000_000_000_000n + BigInt(i),
          endTimeUnixNano: 1_700_000_000_000_500_000n,
          resource: resources[(t + i) % 2]!,
          scope: scopes[i % 3]!,
          attributes: [stringAttr('k', `v${i}`), { key: 'deep', value: nested }],
          events:
            i === 2
              ? [{ timeUnixNano: 5n, name: 'exception', attributes: [], droppedAttributesCount: 1 }]
              : [],
          links:
            i === 3
              ? [
                  {
                    traceId,
                    spanId: 'c'.repeat(16),
                    traceState: 'k=v',
                    attributes: [],
                    droppedAttributesCount: 0,
                    flags: 1,
                  },
                ]
              : [],
          status: i === 4 ? { code: StatusCode.ERROR, message: 'boom' } : { code: 0, message: '' },
          traceState: i === 1 ? 'vendor=1' : '',
          flags: 257,
        }),
      );
    }
  }
  return spans;
}

function all(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Spans as plain data, resource and scope by value, in a stable order. */
function plain(spans: readonly Span[]): unknown[] {
  return spans.map((s) => ({ ...s })).sort((a, b) => a.spanId.localeCompare(b.spanId));
}

describe('scanTraceRequest and writeSubRequest', () => {
  const spans = richSpans(6);
  const bytes = encodeTraceRequest(spans);

  it('indexes every span with its trace id and root flag', () => {
    const scanned = scanTraceRequest(bytes, 'test');
    expect(scanned.count).toBe(spans.length);
    expect(scanned.invalid).toBe(0);
    const decoded = decodeTraceRequest(bytes);
    expect([...scanned.traceIds]).toEqual(decoded.map((s) => s.traceId));
    expect([...scanned.roots]).toEqual(decoded.map((s) => (s.parentSpanId === '' ? 1 : 0)));
  });

  it('writes sub-requests that decode to exactly the chosen spans', () => {
    const scanned = scanTraceRequest(bytes, 'test');
    const decoded = decodeTraceRequest(bytes);
    expect(plain(decodeTraceRequest(writeSubRequest(scanned, all(scanned.count))))).toEqual(plain(decoded));
    const some = all(scanned.count).filter((i) => i % 3 !== 1);
    expect(plain(decodeTraceRequest(writeSubRequest(scanned, some)))).toEqual(
      plain(some.map((i) => decoded[i]!)),
    );
    expect(writeSubRequest(scanned, []).length).toBe(0);
  });

  it('leaves out spans with invalid ids and counts them', () => {
    const good = richSpans(1);
    const zeroTrace = makeSpan({ ...good[1]!, traceId: '0'.repeat(32) });
    const badParent = makeSpan({ ...good[2]!, spanId: 'd'.repeat(16), parentSpanId: 'abcd' });
    const request = encodeTraceRequest([good[0]!, zeroTrace, badParent, good[3]!]);
    const scanned = scanTraceRequest(request, 'test');
    expect(scanned.count).toBe(2);
    expect(scanned.invalid).toBe(2);
    expect(scanned.invalidReason).toMatch(/trace_id|parent_span_id/);
    expect(plain(decodeTraceRequest(writeSubRequest(scanned, [0, 1])))).toEqual(plain([good[0]!, good[3]!]));
  });

  it('rejects malformed bytes with the byte offset and field path', () => {
    const error = (() => {
      try {
        scanTraceRequest(bytes.subarray(0, bytes.length - 7), 'POST /v1/traces');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toMatch(/^POST \/v1\/traces: byte \d+: /);
  });

  it('agrees with the OTLP decoder on mutated requests (fuzz)', () => {
    const next = random(11);
    let agreed = 0;
    for (let round = 0; round < 1500; round++) {
      const mutated = bytes.slice();
      const flips = 1 + Math.floor(next() * 3);
      for (let f = 0; f < flips; f++) mutated[Math.floor(next() * mutated.length)] = Math.floor(next() * 256);
      let decoded: Span[] | undefined;
      try {
        decoded = decodeTraceRequest(mutated);
      } catch {
        decoded = undefined;
      }
      let scanned: ReturnType<typeof scanTraceRequest> | undefined;
      let scanError: unknown;
      try {
        scanned = scanTraceRequest(mutated, 'fuzz');
      } catch (e) {
        scanned = undefined;
        scanError = e;
      }
      if (decoded !== undefined && scanned === undefined) throw new Error(`round ${round}: ${scanError}`);
      if (decoded !== undefined) {
        // What the decoder accepts, the scan accepts whole, and the spans come back identical.
        expect(scanned?.invalid).toBe(0);
        expect(plain(decodeTraceRequest(writeSubRequest(scanned!, all(scanned!.count))))).toEqual(
          plain(decoded),
        );
        agreed++;
      } else if (scanned !== undefined) {
        // The decoder failed; the scan may only accept the request by leaving out spans with bad ids, and
        // what it keeps must decode.
        if (scanned.invalid === 0) throw new Error(`round ${round}: scan accepted what the decoder rejects`);
        expect(() => decodeTraceRequest(writeSubRequest(scanned, all(scanned.count)))).not.toThrow();
      }
    }
    expect(agreed).toBeGreaterThan(100);
  });
});

function failure(decode: () => unknown): Error {
  try {
    decode();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

/** Wraps `body` in a length-delimited field with a one-byte tag and length. */
function field(tag: number, body: number[]): number[] {
  return [tag, body.length, ...body];
}

describe('scanTraceRequest fails where the OTLP decoder fails', () => {
  const PREFIX = 'resource_spans[0].scope_spans[0].spans[0]';

  for (const name of ['short-ok', 'a name longer than the 32-byte ASCII fast path']) {
    it(`rejects invalid UTF-8 in a ${name.length}-byte string at the decoder's byte offset`, () => {
      const span = makeSpan({ ...richSpans(1)[0]!, name });
      const request = encodeTraceRequest([span]);
      const at = Buffer.from(request).indexOf(Buffer.from(name));
      expect(at).toBeGreaterThan(0);
      request[at + 3] = 0xff;
      const decoded = failure(() => decodeTraceRequest(request, 'src'));
      const scanned = failure(() => scanTraceRequest(request, 'src'));
      expect(decoded.message).toBe(`src: byte ${at}: ${PREFIX}.name: invalid UTF-8 in string`);
      expect(scanned).toBeInstanceOf(BadRequestError);
      expect(scanned.message).toBe(`src: byte ${at}: ${PREFIX}: invalid UTF-8 in string`);
    });
  }

  it('rejects a truncated fixed64 (start time) at the end of the span, like the decoder', () => {
    // A span holding only the tag of start_time_unix_nano (7 << 3 | fixed64) and 3 of its 8 bytes.
    const request = Uint8Array.from(field(0x0a, field(0x12, field(0x12, [0x39, 1, 2, 3]))));
    const decoded = failure(() => decodeTraceRequest(request, 'src'));
    const scanned = failure(() => scanTraceRequest(request, 'src'));
    expect(decoded.message).toBe(
      `src: byte ${request.length}: ${PREFIX}.start_time_unix_nano: truncated input`,
    );
    expect(scanned.message).toBe(`src: byte ${request.length}: ${PREFIX}: truncated input`);
  });
});
