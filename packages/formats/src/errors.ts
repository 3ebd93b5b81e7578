import { AutoscopeError } from '@autoscope/core';

/** A trace file could not be read. `file` and `position` (line, byte offset or record) say where. */
export class TraceFileError extends AutoscopeError {
  readonly file: string;
  readonly position: string;

  constructor(file: string, position: string, message: string, options?: { cause?: unknown }) {
    super('AUTOSCOPE_TRACE_FILE', `${file}${position ? `:${position}` : ''}: ${message}`, options);
    this.file = file;
    this.position = position;
  }
}

/** The format of an input could not be recognised. */
export class UnknownFormatError extends AutoscopeError {
  readonly file: string;

  constructor(file: string, message: string) {
    super('AUTOSCOPE_UNKNOWN_FORMAT', `${file}: ${message}`);
    this.file = file;
  }
}
