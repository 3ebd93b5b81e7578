import { readFileSync } from 'node:fs';
import { type AutoscopeConfig, parseConfigText } from '@autoscope/core';
import { ConfigFileError, type ConfigWatch, watchConfigFile } from '@autoscope/formats';

/**
 * Reads a configuration file synchronously (at processor construction: a bad file at startup is an error
 * the application should see at once).
 *
 * @throws ConfigFileError or InvalidConfigError, naming the file.
 */
export function readConfigFileSync(path: string): AutoscopeConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigFileError(
      path,
      `cannot read: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  return parseConfigText(text, path);
}

/** Watches the file; `apply` may throw (bad engine options): that is reported like a bad file. */
export function watchConfig(
  path: string,
  apply: (config: AutoscopeConfig) => void,
  reject: (error: Error) => void,
): ConfigWatch {
  return watchConfigFile(path, {
    onChange: (config) => {
      try {
        apply(config);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    onError: reject,
  });
}
