/** Span fixtures shared by the codec tests: realistic spans and one span using every OTLP feature. */
import { type AnyValue, type KeyValue, makeResource, type Resource, type Span } from '@autoscope/core';

/** A resource like an SDK's: service, SDK and host attributes. */
export function sampleResource(service = 'checkout'): Resource {
  return makeResource(
    [
      { key: 'service.name', value: { stringValue: service } },
      { key: 'service.version', value: { stringValue: '1.4.2' } },
      { key: 'telemetry.sdk.language', value: { stringValue: 'nodejs' } },
      { key: 'host.name', value: { stringValue: 'ip-10-0-3-17' } },
    ],
    0,
    'https://opentelemetry.io/schemas/1.26.0',
  );
}

/** An id of `bytes` bytes derived from `n` (never all zero). */
export function hexId(n: number, bytes: number): string {
  return (n + 1)
    .toString(16)
    .padStart(bytes * 2, '0')
    .slice(-bytes * 2);
}

/** `count` realistic server/client spans of a few traces, each with 10 attributes. */
export function realisticSpans(count: number, resource = sampleResource()): Span[] {
  const scope = {
    name: '@opentelemetry/instrumentation-http',
    version: '0.52.0',
    attributes: [],
    droppedAttributesCount: 0,
    schemaUrl: '',
  };
  const spans: Span[] = [];
  for (let i = 0; i < count; i++) {
    const start = 1_718_000_000_000_000_000n + BigInt(i) * 1_000_000n;
    spans.push({
      traceId: hexId(Math.floor(i / 20) * 7919 + 0xabcdef, 16),
      spanId: hexId(i * 31 + 5, 8),
      parentSpanId: i % 20 === 0 ? '' : hexId((i - 1) * 31 + 5, 8),
      traceState: '',
      flags: 0x101,
      name: i % 2 === 0 ? 'GET /api/cart/{id}' : 'SELECT carts',
      kind: i % 2 === 0 ? 2 : 3,
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(1000 + ((i * 7919) % 500_000)),
      attributes: tenAttributes(i),
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: i % 50 === 0 ? { code: 2, message: 'upstream timeout' } : { code: 0, message: '' },
      resource,
      scope,
    });
  }
  return spans;
}

function tenAttributes(i: number): KeyValue[] {
  const s = (key: string, v: string): KeyValue => ({ key, value: { stringValue: v } });
  const n = (key: string, v: number): KeyValue => ({ key, value: { intValue: BigInt(v) } });
  return [
    s('http.request.method', 'GET'),
    s('url.path', `/api/cart/${i}`),
    s('url.scheme', 'https'),
    n('http.response.status_code', i % 50 === 0 ? 504 : 200),
    s('server.address', 'cart.internal'),
    n('server.port', 8443),
    s('network.protocol.version', '1.1'),
    s('user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36'),
    s('client.address', '10.0.7.21'),
    { key: 'http.server.duration_ms', value: { doubleValue: 12.5 + i } },
  ];
}

/** Every AnyValue variant, nested arrays and kvlists, unicode, an empty value. */
export function everyValue(): KeyValue[] {
  const nested: AnyValue = {
    kvlistValue: {
      values: [
        { key: 'inner', value: { arrayValue: { values: [{ intValue: -1n }, { boolValue: false }, {}] } } },
        { key: '', value: { stringValue: '' } },
      ],
    },
  };
  return [
    { key: 'str', value: { stringValue: 'héllo wörld ✓ 𝄞 \u{feff}bom' } },
    { key: 'bool', value: { boolValue: true } },
    { key: 'int.max', value: { intValue: 9_223_372_036_854_775_807n } },
    { key: 'int.min', value: { intValue: -9_223_372_036_854_775_808n } },
    { key: 'int.zero', value: { intValue: 0n } },
    { key: 'double', value: { doubleValue: -0.1 } },
    { key: 'double.neg0', value: { doubleValue: -0 } },
    { key: 'double.inf', value: { doubleValue: Number.POSITIVE_INFINITY } },
    { key: 'double.nan', value: { doubleValue: Number.NaN } },
    { key: 'bytes', value: { bytesValue: new Uint8Array([0, 1, 2, 250, 255]) } },
    { key: 'array', value: { arrayValue: { values: [{ stringValue: 'a' }, { doubleValue: 1.5 }, nested] } } },
    { key: 'empty.array', value: { arrayValue: { values: [] } } },
    { key: 'empty', value: {} },
    { key: 'dup', value: { stringValue: 'first' } },
    { key: 'dup', value: { stringValue: 'second' } },
  ];
}

/** Spans using every field: events, links, status, trace state, flags, dropped counts, two scopes. */
export function featureSpans(): Span[] {
  const resource = makeResource(
    [{ key: 'service.name', value: { stringValue: 'frontend' } }, ...everyValue()],
    3,
    'https://schema/r',
  );
  const other = makeResource([], 0, '');
  const scopeA = {
    name: 'lib-a',
    version: '2.0',
    attributes: everyValue(),
    droppedAttributesCount: 1,
    schemaUrl: 'https://schema/s',
  };
  const scopeB = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
  const base = realisticSpans(4, resource)[0]!;
  return [
    {
      ...base,
      scope: scopeA,
      traceState: 'vendor=abc,other=x:y',
      flags: 0x301,
      kind: 5,
      attributes: everyValue(),
      droppedAttributesCount: 7,
      events: [
        {
          timeUnixNano: 1_718_000_000_000_000_123n,
          name: 'exception',
          attributes: everyValue(),
          droppedAttributesCount: 2,
        },
        { timeUnixNano: 0n, name: '', attributes: [], droppedAttributesCount: 0 },
      ],
      droppedEventsCount: 4,
      links: [
        {
          traceId: hexId(99, 16),
          spanId: hexId(98, 8),
          traceState: 'k=v',
          attributes: everyValue(),
          droppedAttributesCount: 1,
          flags: 0x100,
        },
        {
          traceId: hexId(97, 16),
          spanId: hexId(96, 8),
          traceState: '',
          attributes: [],
          droppedAttributesCount: 0,
          flags: 0,
        },
      ],
      droppedLinksCount: 5,
      status: { code: 2, message: 'boom: ünïcode' },
    },
    {
      ...base,
      spanId: hexId(1234, 8),
      scope: scopeB,
      name: '',
      kind: 0,
      startTimeUnixNano: 0n,
      endTimeUnixNano: 0n,
      attributes: [],
      flags: 0,
      status: { code: 1, message: '' },
    },
    {
      ...base,
      spanId: hexId(1235, 8),
      resource: other,
      scope: scopeB,
      status: { code: 0, message: 'message without code' },
    },
    {
      ...base,
      spanId: hexId(1236, 8),
      scope: scopeA,
      kind: -3,
      status: { code: -1, message: '' },
      endTimeUnixNano: 0xffff_ffff_ffff_ffffn,
    },
  ];
}
