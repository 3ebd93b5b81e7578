import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';

/** One flag of a command: its type, help text and optional default. */
export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  readonly help: string;
  /** Placeholder shown in help, e.g. PATH. */
  readonly value?: string;
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  /** Allowed values of a string flag. */
  readonly choices?: readonly string[];
}

/** A command's flag table. */
export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** A command: help text, flags and a lazily loaded body. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly flags: FlagTable;
  /** Extra help text after the flag table. */
  readonly details?: string;
  run(flags: ParsedFlags, positionals: readonly string[]): Promise<number>;
}

/** Parsed flag values by name. */
export type ParsedFlags = Readonly<Record<string, string | boolean | string[] | undefined>>;

/** Parses argv against a flag table; unknown flags and bad choices are usage errors naming the flag. */
export function parseFlags(
  command: Command,
  argv: readonly string[],
): { flags: ParsedFlags; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(command.flags)) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(command.name, (error as Error).message);
  }
  const flags: Record<string, string | boolean | string[] | undefined> = {};
  for (const [name, spec] of Object.entries(command.flags)) {
    const value = parsed.values[name] ?? spec.default;
    if (typeof value === 'string' && spec.choices !== undefined && !spec.choices.includes(value)) {
      throw new UsageError(
        command.name,
        `--${name} must be one of ${spec.choices.join(', ')}; got "${value}"`,
      );
    }
    flags[name] = value as string | boolean | string[] | undefined;
  }
  flags.help = parsed.values.help === true;
  return { flags, positionals: parsed.positionals };
}

/** Help text of a command, generated from its flag table. */
export function commandHelp(command: Command): string {
  const rows = Object.entries(command.flags).map(([name, spec]) => {
    const left = `  ${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`;
    const choices = spec.choices ? ` (${spec.choices.join('|')})` : '';
    const def = spec.default !== undefined && spec.default !== false ? ` [default: ${spec.default}]` : '';
    return `${left.padEnd(30)} ${spec.help}${choices}${def}`;
  });
  rows.push(`${'  -h, --help'.padEnd(30)} show this help`);
  return `${command.summary}\n\nUsage: ${command.usage}\n\nOptions:\n${rows.join('\n')}\n${command.details ? `\n${command.details}\n` : ''}`;
}

/** A required string flag, or a usage error naming it. */
export function requireString(command: string, flags: ParsedFlags, name: string): string {
  const value = flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(command, `--${name} is required`);
  return value;
}

/** An optional number flag within a range, or a usage error naming it. */
export function numberFlag(
  command: string,
  flags: ParsedFlags,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = flags[name];
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(command, `--${name} must be a number in [${min}, ${max}]; got "${String(value)}"`);
  }
  return n;
}
