import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, encodeUtf8Into, utf8Length } from './utf8.js';
import { WireReader } from './wire-reader.js';

const encoder = new TextEncoder();

describe('utf8 helpers', () => {
  const samples = [
    '',
    'a',
    'GET',
    'é',
    '✓',
    '𝄞',
    '\ud800',
    'x\udc00y',
    '\u{feff}bom',
    'a'.repeat(200),
    'ü'.repeat(70),
    `${'k'.repeat(31)}é`,
  ];

  it('computes the byte length TextEncoder produces, lone surrogates included', () => {
    for (const text of samples) expect(utf8Length(text)).toBe(encoder.encode(text).length);
  });

  it('measures short (JavaScript) and long (native) strings alike, for any UTF-16 text', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 }), (codes) => {
        const text = String.fromCharCode(...codes); // lone surrogates included
        expect(utf8Length(text)).toBe(encoder.encode(text).length);
        expect(utf8Length(text + text)).toBe(encoder.encode(text + text).length);
      }),
      { numRuns: 2000, seed: 7 },
    );
    // A surrogate pair split across the 16-character boundary, lone ones on either side of it.
    for (const text of [`${'a'.repeat(15)}\u{1d11e}`, `${'a'.repeat(14)}\ud800`, `\udc00${'b'.repeat(15)}`])
      expect(utf8Length(text)).toBe(encoder.encode(text).length);
  });

  it('encodes in place and decodes back (lone surrogates become U+FFFD)', () => {
    for (const text of samples) {
      const length = utf8Length(text);
      const out = new Uint8Array(length + 4);
      expect(encodeUtf8Into(text, length, out, 2)).toBe(2 + length);
      expect(out.subarray(2, 2 + length)).toEqual(encoder.encode(text));
      expect(decodeUtf8(out, 2, 2 + length)).toBe(
        new TextDecoder('utf-8', { ignoreBOM: true }).decode(encoder.encode(text)),
      );
    }
  });

  it('returns the right string when interned strings collide, and rejects invalid UTF-8', () => {
    const short = Array.from({ length: 20_000 }, (_, i) => `key.${i.toString(36)}`);
    // 33 to 160 bytes: built natively, interned up to 128 bytes, differing only in their last characters.
    const long = Array.from({ length: 5_000 }, (_, i) => `${'x'.repeat(30 + (i % 128))}/${i.toString(36)}`);
    const words = [...short, ...long];
    const bytes = words.map((w) => encoder.encode(w));
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < words.length; i++)
        expect(decodeUtf8(bytes[i]!, 0, bytes[i]!.length)).toBe(words[i]);
    }
    expect(() => decodeUtf8(new Uint8Array([0x61, 0xff]), 0, 2)).toThrow(TypeError);
    expect(() => decodeUtf8(new Uint8Array(40).fill(0xc3), 0, 40)).toThrow(TypeError);
  });

  it('tells apart strings longer than 20 bytes that share the hashed bytes (first 8, middle 4, last 8)', () => {
    // 41 bytes: only bytes 8..15 differ, which the intern slot's hash does not read, so all share a slot.
    const words = Array.from(
      { length: 50 },
      (_, i) => `prefix__${i.toString().padStart(8, '0')}${'m'.repeat(17)}_suffix_`,
    );
    const bytes = words.map((w) => encoder.encode(w));
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < words.length; i++)
        expect(decodeUtf8(bytes[i]!, 0, bytes[i]!.length)).toBe(words[i]);
    }
  });

  it('decodes strings packed at unaligned offsets of one buffer, each one byte off another', () => {
    // Strings of 1 to 40 bytes, each a copy of one base with a single byte changed (every position in
    // turn), packed at odd offsets of one buffer: word reads (hash and comparison) at a wrong offset or
    // past a string's end would mix them up. Strings over 20 bytes changed in bytes the hash skips share
    // the base's slot, so those hits are decided by the comparison.
    const words: string[] = [];
    for (let length = 1; length <= 40; length++) {
      const base = 'abcdefghijklmnopqrstuvwxyz0123456789ABCD'.slice(0, length);
      words.push(base);
      for (let at = 0; at < length; at++) words.push(`${base.slice(0, at)}_${base.slice(at + 1)}`);
    }
    const packed = encoder.encode(` ${words.join(' ')}`);
    for (let round = 0; round < 2; round++) {
      let start = 1;
      for (const word of words) {
        expect(decodeUtf8(packed, start, start + word.length)).toBe(word);
        start += word.length + 1;
      }
    }
  });

  it('does not match a cached ASCII string against non-ASCII bytes of the same hash', () => {
    // Up to 20 bytes the slot hashes every byte as h = 31h + byte, so trading 1 of the next-to-last byte
    // for 31 of the last gives the same hash, hence the same slot: 31 × 'h' + 'a' = 31 × 'g' + 0x80.
    const ascii = encoder.encode('abcdefha');
    for (const [before, last] of [
      [0x67, 0x80],
      [0x66, 0x9f],
      [0x65, 0xbe],
    ] as const) {
      const other = Uint8Array.from([...ascii.subarray(0, 6), before, last]);
      expect(31 * other[6]! + other[7]!).toBe(31 * ascii[6]! + ascii[7]!);
      expect(decodeUtf8(ascii, 0, ascii.length)).toBe('abcdefha'); // cached in the shared slot
      expect(() => decodeUtf8(other, 0, other.length)).toThrow(TypeError); // not the cached string
    }
  });

  it('holds on to no input after a string is decoded from it (a request body could be 16 MiB)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const decodedFrom = (): WeakRef<ArrayBuffer> => {
      const body = new Uint8Array(1 << 20);
      body.set([0x0a, 3, 0x61, 0x62, 0x63]); // field 1, length 3, 'abc'
      const reader = new WireReader(body);
      reader.tag();
      expect(reader.string()).toBe('abc');
      return new WeakRef(body.buffer);
    };
    const ref = decodedFrom();
    await new Promise((resolve) => setImmediate(resolve)); // a WeakRef's target lives to the end of its job
    gc();
    expect(ref.deref()).toBeUndefined();
  });
});
