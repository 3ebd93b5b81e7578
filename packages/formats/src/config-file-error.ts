import { AutoscopeError } from '@autoscope/core';

/**
 * A configuration file could not be read or watched (missing, unreadable, a directory). Invalid content
 * is an `InvalidConfigError` instead, which lists every problem. Both name the file.
 */
export class ConfigFileError extends AutoscopeError {
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('AUTOSCOPE_CONFIG_FILE', `${file}: ${message}`, options);
    this.file = file;
  }
}
