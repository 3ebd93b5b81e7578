import { makeResource, makeScope, makeSpan, type Resource, type Span } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { decodeTraceRequest } from './decode-trace.js';
import { encodeTraceRequest } from './encode-trace.js';
import { MessageCache } from './message-cache.js';

function spanOf(resource: Resource, k: number, scopeName = 'lib', scopeSchema = ''): Span {
  const scope = { ...makeScope(scopeName), schemaUrl: scopeSchema };
  const id = (k + 1).toString(16).padStart(16, '0');
  return makeSpan({
    traceId: 'ab'.repeat(16),
    spanId: id,
    parentSpanId: '',
    name: 'op',
    startTimeUnixNano: 1n,
    endTimeUnixNano: 2n,
    resource,
    scope,
  });
}

function service(name: string, schemaUrl = ''): Resource {
  return makeResource([{ key: 'service.name', value: { stringValue: name } }], 0, schemaUrl);
}

describe('resources and scopes repeated across requests', () => {
  it('decode to one shared object per distinct content, schema URL included', () => {
    const first = decodeTraceRequest(encodeTraceRequest([spanOf(service('a'), 1), spanOf(service('b'), 2)]));
    const second = decodeTraceRequest(encodeTraceRequest([spanOf(service('b'), 3), spanOf(service('a'), 4)]));
    expect(second[1]!.resource).toBe(first[0]!.resource);
    expect(second[0]!.resource).toBe(first[1]!.resource);
    expect(second[0]!.scope).toBe(first[0]!.scope);
    const [withSchema] = decodeTraceRequest(encodeTraceRequest([spanOf(service('a', 'https://s/1'), 5)]));
    expect(withSchema!.resource).not.toBe(first[0]!.resource);
    expect(withSchema!.resource.schemaUrl).toBe('https://s/1');
    const [otherScope] = decodeTraceRequest(encodeTraceRequest([spanOf(service('a'), 6, 'lib', 'x')]));
    expect(otherScope!.scope).not.toBe(first[0]!.scope);
    expect(otherScope!.scope.schemaUrl).toBe('x');
  });

  it('never mixes up distinct resources (more than the cache holds, differing in one byte)', () => {
    const names = Array.from({ length: 2_000 }, (_, i) => `svc-${i.toString().padStart(5, '0')}`);
    for (let round = 0; round < 2; round++) {
      const spans = names.map((name, i) => spanOf(service(name), i));
      const back = decodeTraceRequest(encodeTraceRequest(spans));
      expect(back.map((s) => s.resource.serviceName)).toEqual(names);
      expect(back.map((s) => s.resource.attributes)).toEqual(spans.map((s) => s.resource.attributes));
    }
  });
});

describe('decoding from a Buffer that is reused afterwards', () => {
  it('keeps bytes values and cached resources intact (copies, never views of the input)', () => {
    const withBytes = (name: string, value: number) => ({
      ...spanOf(service(name), 1),
      attributes: [{ key: 'b', value: { bytesValue: new Uint8Array([value, 2, 3]) } }],
    });
    const input = Buffer.from(encodeTraceRequest([withBytes('svc-one', 1)]));
    const [first] = decodeTraceRequest(input);
    const next = encodeTraceRequest([withBytes('svc-two', 9)]);
    expect(next.length).toBe(input.length);
    input.set(next); // the owner reuses its buffer for the next request
    expect(first!.attributes[0]!.value).toEqual({ bytesValue: new Uint8Array([1, 2, 3]) });
    expect(first!.resource.serviceName).toBe('svc-one');
    const [second] = decodeTraceRequest(input);
    expect(second!.resource.serviceName).toBe('svc-two');
    expect(second!.resource).not.toBe(first!.resource);
    expect(second!.attributes[0]!.value).toEqual({ bytesValue: new Uint8Array([9, 2, 3]) });
  });
});

describe('MessageCache', () => {
  it('misses on another length, other bytes or another schema URL, and skips large messages', () => {
    const cache = new MessageCache<string>(4);
    const bytes = new Uint8Array([1, 2, 3, 4, 5, 6]);
    cache.set(bytes, 1, 4, '', 'x');
    expect(cache.get(new Uint8Array([9, 2, 3, 4]), 1, 4, '')).toBe('x');
    expect(cache.get(bytes, 1, 5, '')).toBeUndefined();
    expect(cache.get(new Uint8Array([9, 2, 3, 7]), 1, 4, '')).toBeUndefined();
    expect(cache.get(bytes, 1, 4, 's')).toBeUndefined();
    const big = new Uint8Array(5000);
    cache.set(big, 0, big.length, '', 'big');
    expect(cache.get(big, 0, big.length, '')).toBeUndefined();
  });
});
