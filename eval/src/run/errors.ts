import { AutoscopeError } from '@autoscope/core';

/**
 * The evaluation was given something it cannot use: a dataset folder without faults or traces, an
 * unknown sampler, an option out of range. The message names the file, field or option and the fix.
 */
export class EvalInputError extends AutoscopeError {
  /** The file, folder or option at fault. */
  readonly subject: string;

  constructor(subject: string, message: string, options?: { cause?: unknown }) {
    super('AUTOSCOPE_EVAL_INPUT', `${subject}: ${message}`, options);
    this.subject = subject;
  }
}
