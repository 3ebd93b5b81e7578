/**
 * A tiny schema builder: one definition gives a validator that collects every problem with its JSON
 * path, the TypeScript type (`Infer<typeof schema>`), and a JSON Schema (draft 2020-12) document.
 *
 * Validators never throw: they push problems and return `INVALID` for a value they cannot accept.
 */
import type { ConfigProblem } from '../errors.js';

/** Returned by a validator for a value it rejected (its problems were already recorded). */
export const INVALID: unique symbol = Symbol('invalid');

/** A JSON Schema fragment (draft 2020-12), as plain data. */
export type JsonSchema = { readonly [key: string]: unknown };

/** One schema: validates unknown JSON into `T` and describes itself. */
export interface Schema<T> {
  /** Validates `value` found at `path`; records problems; applies defaults. */
  readonly check: (value: unknown, path: string, problems: ConfigProblem[]) => T | typeof INVALID;
  /** What the schema expects, for messages (`a number in [0, 1]`). */
  readonly expects: string;
  /** The JSON Schema of this schema. */
  readonly jsonSchema: () => JsonSchema;
  /** Documentation, copied into the JSON Schema `description`. */
  readonly doc?: string;
  /** Present when the property may be absent from its object. */
  readonly absent?: { readonly fill: boolean; readonly value?: unknown };
}

/** The TypeScript type a schema validates to. */
export type Infer<S> = S extends Schema<infer T> ? T : never;

/** Adds documentation to a schema (copied into the JSON Schema `description`). */
export function doc<T>(text: string, schema: Schema<T>): Schema<T> {
  return { ...schema, doc: text, jsonSchema: () => ({ description: text, ...schema.jsonSchema() }) };
}

function problem(problems: ConfigProblem[], path: string, message: string): typeof INVALID {
  problems.push({ path, message });
  return INVALID;
}

/** A human-readable form of a received value, for messages. */
export function shown(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function leaf<T>(expects: string, json: JsonSchema, accept: (value: unknown) => value is T): Schema<T> {
  return {
    expects,
    jsonSchema: () => json,
    check: (value, path, problems) =>
      accept(value) ? value : problem(problems, path, `expected ${expects}, got ${shown(value)}`),
  };
}

/** Options of `string()`. */
export interface StringOptions {
  /** A regular expression the whole string must match. */
  readonly pattern?: string;
  /** What the pattern means, for messages (`a sha256 digest "sha256:<hex>"`). */
  readonly expects?: string;
  readonly minLength?: number;
}

/** A string. */
export function string(options: StringOptions = {}): Schema<string> {
  const re = options.pattern === undefined ? undefined : new RegExp(`^(?:${options.pattern})$`, 'u');
  const min = options.minLength ?? 0;
  const expects = options.expects ?? (min > 0 ? 'a non-empty string' : 'a string');
  const json: Record<string, unknown> = { type: 'string' };
  if (options.pattern !== undefined) json.pattern = `^(?:${options.pattern})$`;
  if (min > 0) json.minLength = min;
  return leaf(
    expects,
    json,
    (v): v is string => typeof v === 'string' && v.length >= min && (re === undefined || re.test(v)),
  );
}

/** A boolean. */
export function boolean(): Schema<boolean> {
  return leaf('a boolean', { type: 'boolean' }, (v): v is boolean => typeof v === 'boolean');
}

/** Bounds of `number()` and `integer()`. */
export interface NumberOptions {
  readonly min?: number;
  readonly max?: number;
  /** When true, `min` itself is not allowed. */
  readonly exclusiveMin?: boolean;
}

function rangeText(kind: string, o: NumberOptions): string {
  const { min, max } = o;
  if (min !== undefined && max !== undefined)
    return `${kind} in ${o.exclusiveMin ? '(' : '['}${min}, ${max}]`;
  if (min !== undefined) return `${kind} ${o.exclusiveMin ? '>' : '>='} ${min}`;
  if (max !== undefined) return `${kind} <= ${max}`;
  return kind;
}

function numeric(kind: 'number' | 'integer', o: NumberOptions): Schema<number> {
  const json: Record<string, unknown> = { type: kind };
  if (o.min !== undefined) json[o.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = o.min;
  if (o.max !== undefined) json.maximum = o.max;
  const inRange = (v: number) =>
    (o.min === undefined || (o.exclusiveMin ? v > o.min : v >= o.min)) && (o.max === undefined || v <= o.max);
  return leaf(
    rangeText(kind === 'number' ? 'a number' : 'an integer', o),
    json,
    (v): v is number =>
      typeof v === 'number' && Number.isFinite(v) && (kind === 'number' || Number.isInteger(v)) && inRange(v),
  );
}

/** A finite number, optionally bounded. */
export function number(options: NumberOptions = {}): Schema<number> {
  return numeric('number', options);
}

/** A safe integer, optionally bounded. */
export function integer(options: NumberOptions = {}): Schema<number> {
  return numeric('integer', options);
}

/** One of a fixed list of strings. */
export function enumOf<const V extends string>(values: readonly V[]): Schema<V> {
  const set = new Set<string>(values);
  return leaf(
    values.map((v) => JSON.stringify(v)).join('|'),
    { enum: [...values] },
    (v): v is V => typeof v === 'string' && set.has(v),
  );
}

/** A property that may be absent from its object (no default: stays absent). */
export function optional<T>(schema: Schema<T>): Schema<T> & { readonly absent: { fill: false } } {
  return { ...schema, absent: { fill: false } };
}

/** A property that may be absent; when absent, `value` is filled in. */
export function withDefault<T>(schema: Schema<T>, value: T): Schema<T> {
  return {
    ...schema,
    absent: { fill: true, value },
    jsonSchema: () => ({ ...schema.jsonSchema(), default: value }),
  };
}

/** The first schema that accepts the value wins; otherwise one problem naming every alternative. */
export function union<A, B>(a: Schema<A>, b: Schema<B>): Schema<A | B> {
  const expects = `${a.expects} or ${b.expects}`;
  return {
    expects,
    jsonSchema: () => ({ anyOf: [a.jsonSchema(), b.jsonSchema()] }),
    check: (value, path, problems) => {
      for (const s of [a, b] as const) {
        const scratch: ConfigProblem[] = [];
        const out = s.check(value, path, scratch);
        if (out !== INVALID && scratch.length === 0) return out;
      }
      return problem(problems, path, `expected ${expects}, got ${shown(value)}`);
    },
  };
}
