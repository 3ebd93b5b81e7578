import type { ConfigProblem } from '../errors.js';
import { InvalidConfigError } from '../errors.js';
import { type AutoscopeConfig, configSchema } from './config-schema.js';
import { INVALID } from './schema.js';

/**
 * Validates parsed JSON as an Autoscope configuration and fills defaults.
 *
 * @param json the value from `JSON.parse` (anything; hostile input is fine).
 * @param source where it came from, for the error message (a file name).
 * @throws InvalidConfigError listing every problem with its JSON path.
 */
export function parseConfig(json: unknown, source: string): AutoscopeConfig {
  const problems = validateConfig(json);
  if (problems.ok) return problems.config;
  throw new InvalidConfigError(source, problems.problems);
}

/** Like `parseConfig` but returns the problems instead of throwing. */
export function validateConfig(
  json: unknown,
): { ok: true; config: AutoscopeConfig } | { ok: false; problems: readonly ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config = configSchema.check(json, '', problems);
  if (config === INVALID || problems.length > 0) return { ok: false, problems };
  return { ok: true, config };
}

/**
 * Parses configuration text. JSON syntax errors become an InvalidConfigError whose problem names
 * the line and column.
 */
export function parseConfigText(text: string, source: string): AutoscopeConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidConfigError(source, [{ path: '', message: syntaxMessage(text, error) }]);
  }
  return parseConfig(json, source);
}

function syntaxMessage(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message);
  if (at === null) return `invalid JSON: ${message}`;
  const offset = Number(at[1]);
  const before = text.slice(0, offset).split('\n');
  return `invalid JSON at line ${before.length}, column ${before.at(-1)!.length + 1}: ${message}`;
}
