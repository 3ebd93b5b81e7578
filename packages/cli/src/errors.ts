import { AutoscopeError } from '@autoscope/core';

/** Exit codes of the `autoscope` command. */
export const ExitCode = Object.freeze({
  OK: 0,
  /** Something failed while running (I/O, a bug). */
  FAILURE: 1,
  /** The command line was wrong: unknown command or flag, missing or invalid value. */
  USAGE: 2,
  /** The input or configuration was invalid (named in the message). */
  INVALID_INPUT: 3,
  /** Interrupted (Ctrl-C). */
  INTERRUPTED: 130,
});

/** The command line was wrong. */
export class UsageError extends AutoscopeError {
  readonly command: string;

  constructor(command: string, message: string) {
    super('AUTOSCOPE_USAGE', `autoscope ${command}: ${message}`);
    this.command = command;
  }
}
