import type { ConfigProblem } from '@autoscope/core';
import { GatewayConfigError } from '../errors.js';
import type { GatewayConfig } from './gateway-config.js';
import { envName, GATEWAY_OPTIONS, type GatewayOption } from './gateway-options.js';

/** Where option values come from, lowest precedence first. */
export interface ConfigSources {
  /** The parsed config file (a JSON object with the nested option paths), if any. */
  readonly file?: unknown;
  /** Name of the config file, for error messages. */
  readonly fileName?: string;
  /** Environment variables (`AUTOSCOPE_GATEWAY_*` are read). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Option values by path from the command line (strings as typed, or booleans). */
  readonly flags?: Readonly<Record<string, string | boolean | undefined>>;
}

type Value = string | number | boolean;

/**
 * Resolves the configuration: defaults, then the file, then the environment, then flags. Every problem
 * (unknown key, wrong type, out of range) is collected with its source and path, and thrown together as a
 * `GatewayConfigError`.
 */
export function resolveGatewayConfig(sources: ConfigSources): GatewayConfig {
  const problems: ConfigProblem[] = [];
  const values = new Map<string, Value>(GATEWAY_OPTIONS.map((o) => [o.path, o.default]));
  if (sources.file !== undefined) readFile(sources.file, sources.fileName ?? 'config file', values, problems);
  for (const option of GATEWAY_OPTIONS) {
    const fromEnv = sources.env?.[envName(option.path)];
    if (fromEnv !== undefined) set(option, fromEnv, `env ${envName(option.path)}`, values, problems);
    const fromFlag = sources.flags?.[option.path];
    if (fromFlag !== undefined) set(option, fromFlag, `flag --${option.path}`, values, problems);
  }
  checkTogether(values, problems);
  if (problems.length > 0) throw new GatewayConfigError(problems);
  return nest(values) as unknown as GatewayConfig;
}

function readFile(file: unknown, name: string, values: Map<string, Value>, problems: ConfigProblem[]): void {
  const walk = (node: unknown, prefix: string) => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) {
      problems.push({ path: `${name}: ${prefix || '(root)'}`, message: 'expected an object' });
      return;
    }
    for (const [key, value] of Object.entries(node)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const option = GATEWAY_OPTIONS.find((o) => o.path === path);
      if (option !== undefined) set(option, value, `${name}: ${path}`, values, problems);
      else if (GATEWAY_OPTIONS.some((o) => o.path.startsWith(`${path}.`))) walk(value, path);
      else if (key !== '$schema') problems.push({ path: `${name}: ${path}`, message: 'unknown option' });
    }
  };
  walk(file, '');
}

function set(
  option: GatewayOption,
  raw: unknown,
  where: string,
  values: Map<string, Value>,
  problems: ConfigProblem[],
): void {
  const parsed = parseValue(option, raw);
  if (typeof parsed === 'object') problems.push({ path: where, message: parsed.problem });
  else values.set(option.path, parsed);
}

function parseValue(option: GatewayOption, raw: unknown): Value | { problem: string } {
  if (option.type === 'boolean') {
    if (typeof raw === 'boolean') return raw;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    return { problem: `expected true or false, got ${JSON.stringify(raw)}` };
  }
  if (option.type === 'string') {
    if (typeof raw !== 'string') return { problem: `expected a string, got ${JSON.stringify(raw)}` };
    if (option.choices !== undefined && !option.choices.includes(raw))
      return {
        problem: `expected one of ${option.choices.map((c) => JSON.stringify(c)).join(', ')}, got ${JSON.stringify(raw)}`,
      };
    return raw;
  }
  const n =
    typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  const integer = option.type === 'integer';
  if (
    !Number.isFinite(n) ||
    (integer && !Number.isInteger(n)) ||
    n < (option.min ?? -Infinity) ||
    n > (option.max ?? Infinity)
  )
    return {
      problem: `expected ${integer ? 'an integer' : 'a number'} in [${option.min}, ${option.max}], got ${JSON.stringify(raw)}`,
    };
  return n;
}

function checkTogether(values: Map<string, Value>, problems: ConfigProblem[]): void {
  if ((values.get('tls.certFile') === '') !== (values.get('tls.keyFile') === ''))
    problems.push({ path: 'tls', message: 'set both tls.certFile and tls.keyFile, or neither' });
  if (Number(values.get('assembly.maxWaitMs')) < Number(values.get('assembly.decisionWaitMs')))
    problems.push({ path: 'assembly.maxWaitMs', message: 'must be at least assembly.decisionWaitMs' });
}

function nest(values: Map<string, Value>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [path, value] of values) {
    const keys = path.split('.');
    let node = root;
    for (const key of keys.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return root;
}
