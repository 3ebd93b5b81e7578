import type { AnyValue } from '@autoscope/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyValueJson, fromAnyValue } from './attribute-values.js';

/** The reference: the value as a plain JS value (a kvlist as an object), then JSON.stringify. */
function reference(value: AnyValue): string {
  return JSON.stringify(plainOf(value));
}

function plainOf(value: AnyValue): unknown {
  if ('stringValue' in value) return value.stringValue;
  if ('boolValue' in value) return value.boolValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('arrayValue' in value) return value.arrayValue.values.map(plainOf);
  if ('kvlistValue' in value)
    return Object.fromEntries(value.kvlistValue.values.map((kv) => [kv.key, plainOf(kv.value)]));
  return null;
}

/** Keys a JS object reorders or merges, escapes, and ordinary ones. */
const key = fc.constantFrom(
  'db.query',
  'a',
  '0',
  '7',
  '12',
  '01',
  '-1',
  '1.5',
  '4294967295',
  '__proto__',
  '"q"',
  '\u2028',
  '\ud800',
  '',
);

const anyValue: fc.Arbitrary<AnyValue> = fc.letrec<{ value: AnyValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string().map((stringValue) => ({ stringValue })),
    fc.boolean().map((boolValue) => ({ boolValue })),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((intValue) => ({ intValue })),
    fc.double().map((doubleValue) => ({ doubleValue })),
    fc.constant({} as AnyValue),
    fc.uint8Array({ maxLength: 4 }).map((bytesValue) => ({ bytesValue })),
    fc.array(tie('value'), { maxLength: 5 }).map((values) => ({ arrayValue: { values } })),
    fc
      .array(fc.record({ key, value: tie('value') }), { maxLength: 12 })
      .map((values) => ({ kvlistValue: { values } })),
  ),
})).value;

describe('anyValueJson', () => {
  it('writes what JSON.stringify writes for the plain value (index keys, repeated keys, escapes, NaN)', () => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expect(anyValueJson(value)).toBe(reference(value));
      }),
      { numRuns: 3_000 },
    );
  });

  it('finds a repeated key in a long list (a set past a few keys) as JSON.stringify does', () => {
    const values = Array.from({ length: 2_000 }, (_, k) => ({
      key: `GET /users/${k}`,
      value: { intValue: 1n },
    }));
    const distinct: AnyValue = { kvlistValue: { values } };
    expect(anyValueJson(distinct)).toBe(reference(distinct));
    const repeated: AnyValue = {
      kvlistValue: { values: [...values, { key: 'GET /users/7', value: { stringValue: 'last' } }] },
    };
    expect(anyValueJson(repeated)).toBe(reference(repeated));
    expect(anyValueJson(repeated)).toContain('"GET /users/7":"last"');
  });

  it('is the attribute text of autoscope.repeats', () => {
    const repeats: AnyValue = {
      kvlistValue: {
        values: [
          {
            key: 'db.query',
            value: {
              arrayValue: { values: [3n, 4000n, 1000n, 2000n, 0n].map((intValue) => ({ intValue })) },
            },
          },
        ],
      },
    };
    expect(fromAnyValue(repeats)).toBe('{"db.query":[3,4000,1000,2000,0]}');
  });
});
