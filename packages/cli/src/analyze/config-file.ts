import { readFile, rename, writeFile } from 'node:fs/promises';
import { type AutoscopeConfig, parseConfigText } from '@autoscope/core';

/** Reads and validates a config file; `undefined` when there is no such file. Invalid files throw. */
export async function readConfigIfPresent(path: string): Promise<AutoscopeConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseConfigText(text, path);
}

/** Writes a config as indented JSON, through a temporary file so a reader never sees half a file. */
export async function writeConfig(path: string, config: AutoscopeConfig): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`);
  await rename(temporary, path);
}
