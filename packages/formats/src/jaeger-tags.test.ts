import { describe, expect, it } from 'vitest';
import { convertJaegerTags, takeAttribute } from './jaeger-tags.js';

describe('convertJaegerTags', () => {
  it('converts every Jaeger tag type, from numbers or strings', () => {
    const { attributes, dropped } = convertJaegerTags([
      { key: 's', type: 'string', value: 'x' },
      { key: 'b1', type: 'bool', value: false },
      { key: 'b2', type: 'BOOL', value: 'true' },
      { key: 'i1', type: 'int64', value: -42 },
      { key: 'i2', type: 'int64', value: '-9223372036854775808' },
      { key: 'f1', type: 'float64', value: 1.5 },
      { key: 'f2', type: 'float64', value: '2.5e3' },
      { key: 'bin', type: 'binary', value: 'aGk=' },
      { key: 'u1', value: 7 },
      { key: 'u2', value: 0.5 },
      { key: 'u3', value: true },
    ]);
    expect(dropped).toBe(0);
    expect(attributes.map((kv) => kv.value)).toEqual([
      { stringValue: 'x' },
      { boolValue: false },
      { boolValue: true },
      { intValue: -42n },
      { intValue: -9223372036854775808n },
      { doubleValue: 1.5 },
      { doubleValue: 2500 },
      { bytesValue: new Uint8Array([104, 105]) },
      { intValue: 7n },
      { doubleValue: 0.5 },
      { boolValue: true },
    ]);
  });

  it('counts tags it cannot convert', () => {
    const bad = [
      { key: 'i', type: 'int64', value: '9223372036854775808' },
      { key: 'i', type: 'int64', value: 1.5 },
      { key: 'f', type: 'float64', value: 'abc' },
      { key: 'b', type: 'bool', value: 'yes' },
      { key: 'x', type: 'binary', value: '***' },
      { key: 's', type: 'string', value: 5 },
      { key: 't', type: 'mystery', value: 'v' },
      { type: 'string', value: 'no key' },
      null,
    ];
    expect(convertJaegerTags(bad)).toEqual({ attributes: [], dropped: bad.length });
    expect(convertJaegerTags(undefined)).toEqual({ attributes: [], dropped: 0 });
    expect(convertJaegerTags({ key: 'x' })).toEqual({ attributes: [], dropped: 1 });
  });

  it('takes an attribute out by key', () => {
    const { attributes } = convertJaegerTags([
      { key: 'a', value: 'x' },
      { key: 'span.kind', value: 'server' },
    ]);
    expect(takeAttribute(attributes, 'span.kind')).toBe('server');
    expect(takeAttribute(attributes, 'span.kind')).toBeUndefined();
    expect(attributes.map((kv) => kv.key)).toEqual(['a']);
  });
});
