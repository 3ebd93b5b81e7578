/**
 * Compound schemas: objects (closed: unknown keys are problems), arrays and records.
 */
import type { ConfigProblem } from '../errors.js';
import { INVALID, type Infer, type JsonSchema, type Schema, shown } from './schema.js';

/** The JSON path of `key` inside `path`: `a.b` for identifiers, `a["pay*"]` otherwise. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === '' ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
}

type Shape = { readonly [key: string]: Schema<unknown> };
type MaybeAbsentKeys<P extends Shape> = {
  [K in keyof P]: P[K] extends { readonly absent: { readonly fill: false } } ? K : never;
}[keyof P];
type Flat<T> = { [K in keyof T]: T[K] } & {};

/** The type of an object schema's output: properties that may stay absent are optional. */
export type InferShape<P extends Shape> = Flat<
  { readonly [K in Exclude<keyof P, MaybeAbsentKeys<P>>]: Infer<P[K]> } & {
    readonly [K in MaybeAbsentKeys<P>]?: Infer<P[K]>;
  }
>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A closed object: listed properties only, each validated; every problem is recorded. */
export function object<P extends Shape>(shape: P): Schema<InferShape<P>> {
  const keys = Object.keys(shape);
  const known = new Set(keys);
  return {
    expects: 'an object',
    jsonSchema: () => objectJsonSchema(shape),
    check: (value, path, problems) => {
      if (!isPlainObject(value)) {
        reject(problems, path, 'an object', value);
        return INVALID;
      }
      const out: Record<string, unknown> = {};
      let ok = true;
      for (const key of keys) {
        const schema = shape[key]!;
        const at = childPath(path, key);
        if (!Object.hasOwn(value, key) || value[key] === undefined) {
          if (schema.absent === undefined)
            ok = reject(problems, at, '', undefined, `missing; expected ${schema.expects}`);
          else if (schema.absent.fill) out[key] = copyJson(schema.absent.value);
          continue;
        }
        const v = schema.check(value[key], at, problems);
        if (v === INVALID) ok = false;
        else out[key] = v;
      }
      for (const key of Object.keys(value)) {
        if (known.has(key)) continue;
        problems.push({
          path: childPath(path, key),
          message: `unknown key; expected one of ${keys.join(', ')}`,
        });
        ok = false;
      }
      return ok ? (out as InferShape<P>) : INVALID;
    },
  };
}

function objectJsonSchema(shape: Shape): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, schema] of Object.entries(shape)) {
    properties[key] = schema.jsonSchema();
    if (schema.absent === undefined) required.push(key);
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

function reject(
  problems: ConfigProblem[],
  path: string,
  expects: string,
  value: unknown,
  message?: string,
): false {
  problems.push({ path, message: message ?? `expected ${expects}, got ${shown(value)}` });
  return false;
}

/** An array whose every item is validated. */
export function array<T>(item: Schema<T>, options: { readonly minItems?: number } = {}): Schema<T[]> {
  const min = options.minItems ?? 0;
  const expects = min > 0 ? `an array of at least ${min} item(s)` : 'an array';
  return {
    expects,
    jsonSchema: () => ({ type: 'array', items: item.jsonSchema(), ...(min > 0 ? { minItems: min } : {}) }),
    check: (value, path, problems) => {
      if (!Array.isArray(value) || value.length < min) {
        reject(problems, path, expects, value);
        return INVALID;
      }
      const out: T[] = [];
      let ok = true;
      value.forEach((v, i) => {
        const r = item.check(v, childPath(path, i), problems);
        if (r === INVALID) ok = false;
        else out.push(r);
      });
      return ok ? out : INVALID;
    },
  };
}

/** An object used as a map from any non-empty key to a validated value. */
export function record<T>(value: Schema<T>): Schema<Record<string, T>> {
  return {
    expects: 'an object',
    jsonSchema: () => ({
      type: 'object',
      propertyNames: { minLength: 1 },
      additionalProperties: value.jsonSchema(),
    }),
    check: (input, path, problems) => {
      if (!isPlainObject(input)) {
        reject(problems, path, 'an object', input);
        return INVALID;
      }
      const out: Record<string, T> = {};
      let ok = true;
      for (const [key, v] of Object.entries(input)) {
        const at = childPath(path, key);
        if (key === '') ok = reject(problems, at, '', v, 'empty key');
        const r = value.check(v, at, problems);
        if (r === INVALID) ok = false;
        else setOwn(out, key, r);
      }
      return ok ? out : INVALID;
    },
  };
}

/** Sets an own property, even for keys such as `__proto__` that plain assignment would not. */
function setOwn<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function copyJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
