import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureSpans, realisticSpans } from '../test/fixtures.js';
import { decodeTraceRequest } from './decode-trace.js';
import { encodeTraceRequest } from './encode-trace.js';
import { OtlpJsonDecodeError } from './errors.js';
import { decodeResourceSpansJson, decodeTraceRequestJson } from './json-decode.js';
import { encodeTraceRequestJson, stringifyTraceRequestJson } from './json-encode.js';

function jsonError(value: unknown): OtlpJsonDecodeError {
  try {
    decodeTraceRequestJson(value, 'traces.jsonl:3');
  } catch (error) {
    if (error instanceof OtlpJsonDecodeError) return error;
    throw error;
  }
  throw new Error('expected a JSON decode error');
}

const span = (extra: Record<string, unknown>) => ({
  resourceSpans: [
    { scopeSpans: [{ spans: [{ traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8), ...extra }] }] },
  ],
});

describe('OTLP/JSON codec', () => {
  it('round-trips protobuf -> model -> JSON text -> model -> protobuf byte-identically', () => {
    const [a, b, c, d] = featureSpans();
    for (const spans of [[a!, d!, b!, c!], realisticSpans(60)]) {
      const bytes = encodeTraceRequest(spans);
      const line = stringifyTraceRequestJson(decodeTraceRequest(bytes));
      expect(line).not.toContain('\n');
      const back = decodeTraceRequestJson(JSON.parse(line));
      expect(back).toEqual(spans);
      expect(encodeTraceRequest(back)).toEqual(bytes);
    }
  });

  it('writes hex ids, decimal-string int64 and times, integer enums, base64 bytes, no defaults', () => {
    const [first] = featureSpans();
    const json = encodeTraceRequestJson([first!]) as {
      resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
    };
    const out = json.resourceSpans[0]!.scopeSpans[0]!.spans[0]!;
    expect(out.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(out.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(out.kind).toBe(5);
    expect(out.startTimeUnixNano).toBe(String(first!.startTimeUnixNano));
    expect(out.status).toEqual({ code: 2, message: 'boom: ünïcode' });
    const attrs = out.attributes as { key: string; value: Record<string, unknown> }[];
    const get = (key: string) => attrs.find((kv) => kv.key === key)!.value;
    expect(get('int.min')).toEqual({ intValue: '-9223372036854775808' });
    expect(get('bytes')).toEqual({ bytesValue: 'AAEC+v8=' });
    expect(get('double.nan')).toEqual({ doubleValue: 'NaN' });
    expect(get('double.inf')).toEqual({ doubleValue: 'Infinity' });
    expect(get('empty')).toEqual({});
    const bare = encodeTraceRequestJson(
      realisticSpans(1).map((s) => ({ ...s, parentSpanId: '', flags: 0, attributes: [] })),
    );
    expect(JSON.stringify(bare)).not.toMatch(
      /parentSpanId|flags|droppedAttributesCount|events|links|"attributes":\[\]/,
    );
  });

  it('accepts snake_case names, numbers for int64 and enum names', () => {
    const spans = decodeTraceRequestJson({
      resource_spans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { string_value: 'snake' } }] },
          scope_spans: [
            {
              scope: { name: 'lib' },
              spans: [
                {
                  trace_id: 'AB'.repeat(16),
                  span_id: 'cd'.repeat(8),
                  parent_span_id: '',
                  start_time_unix_nano: 1718000000000000000,
                  end_time_unix_nano: '1718000000000001000',
                  kind: 'SPAN_KIND_CLIENT',
                  status: { code: 'STATUS_CODE_ERROR' },
                  attributes: [
                    { key: 'n', value: { int_value: 42 } },
                    { key: 'd', value: { double_value: '-Infinity' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const s = spans[0]!;
    expect(s.resource.serviceName).toBe('snake');
    expect(s.traceId).toBe('ab'.repeat(16));
    expect(s.kind).toBe(3);
    expect(s.status.code).toBe(2);
    expect(s.startTimeUnixNano).toBe(1718000000000000000n);
    expect(s.endTimeUnixNano).toBe(1718000000000001000n);
    expect(s.attributes).toEqual([
      { key: 'n', value: { intValue: 42n } },
      { key: 'd', value: { doubleValue: Number.NEGATIVE_INFINITY } },
    ]);
  });

  it('accepts base64 ids from non-conforming producers', () => {
    const b64 = Buffer.from('ab'.repeat(16), 'hex').toString('base64');
    const spans = decodeTraceRequestJson(span({ traceId: b64 }));
    expect(spans[0]!.traceId).toBe('ab'.repeat(16));
  });

  it('names the JSON path and source of a bad value', () => {
    const bad = {
      resourceSpans: [
        { scopeSpans: [] },
        {
          scopeSpans: [
            {
              spans: [
                { traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) },
                { traceId: 'abc', spanId: 'cd'.repeat(8) },
              ],
            },
          ],
        },
      ],
    };
    const error = jsonError(bad);
    expect(error.code).toBe('AUTOSCOPE_OTLP_JSON_DECODE');
    expect(error.path).toBe('resourceSpans[1].scopeSpans[0].spans[1].traceId');
    expect(error.message).toMatch(/^traces\.jsonl:3: resourceSpans\[1\]/);
    expect(jsonError(span({ attributes: [{ key: 'k', value: { intValue: '1.5' } }] })).path).toBe(
      'resourceSpans[0].scopeSpans[0].spans[0].attributes[0].value.intValue',
    );
    expect(jsonError(span({ spanId: '0'.repeat(16) })).reason).toBe('all-zero id is invalid');
    expect(jsonError(span({ spanId: undefined })).reason).toMatch(/missing/);
    expect(jsonError(span({ kind: 'SERVER' })).path).toMatch(/kind$/);
    expect(jsonError(span({ startTimeUnixNano: '-1' })).reason).toMatch(/uint64/);
    expect(
      jsonError(span({ attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] })).reason,
    ).toMatch(/int64/);
    expect(jsonError({ resourceSpans: {} }).path).toBe('resourceSpans');
    expect(jsonError('nope').reason).toMatch(/expected an object/);
  });

  it('limits AnyValue nesting depth', () => {
    let value: unknown = { stringValue: 'x' };
    for (let i = 0; i < 100; i++) value = { arrayValue: { values: [value] } };
    expect(jsonError(span({ attributes: [{ key: 'deep', value }] })).reason).toMatch(/nested deeper than 64/);
  });

  it('decodes one ResourceSpans element with its index in error paths', () => {
    const element = span({}).resourceSpans[0];
    expect(decodeResourceSpansJson(element, 'big.json', 7)).toHaveLength(1);
    expect(() => decodeResourceSpansJson({ scopeSpans: 3 }, 'big.json', 7)).toThrow(
      /big\.json: resourceSpans\[7\]\.scopeSpans: expected an array/,
    );
  });

  it('throws only OtlpJsonDecodeError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        try {
          decodeTraceRequestJson({ resourceSpans: [{ scopeSpans: [{ spans: [value] }] }] });
          decodeTraceRequestJson(value);
        } catch (error) {
          expect(error).toBeInstanceOf(OtlpJsonDecodeError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
