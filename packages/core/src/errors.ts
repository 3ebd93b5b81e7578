/**
 * Errors thrown by the core package. Each failure has its own class with a stable `code`;
 * `docs/errors.md` lists every code.
 */

/** Base class of every Autoscope error. `code` is stable across versions; match on it, not on the message. */
export class AutoscopeError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** One problem found while validating a configuration, with the JSON path of the offending field. */
export interface ConfigProblem {
  readonly path: string;
  readonly message: string;
}

/** A configuration was rejected; `problems` lists every problem found, not only the first. */
export class InvalidConfigError extends AutoscopeError {
  readonly problems: readonly ConfigProblem[];
  readonly source: string;

  constructor(source: string, problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n');
    super('AUTOSCOPE_INVALID_CONFIG', `invalid configuration in ${source}:\n${lines}`);
    this.problems = problems;
    this.source = source;
  }
}

/** A sampler option was out of range or of the wrong type. The message names the option and the fix. */
export class InvalidOptionError extends AutoscopeError {
  readonly option: string;

  constructor(option: string, message: string) {
    super('AUTOSCOPE_INVALID_OPTION', `option ${option}: ${message}`);
    this.option = option;
  }
}

/**
 * `AutoscopeEngine.select` was given an analysis it had already selected: its arrays may by then belong to
 * another trace's analysis (they are reused), so selecting it again would decide the wrong trace.
 */
export class SpentAnalysisError extends AutoscopeError {
  constructor(traceId: string) {
    super(
      'AUTOSCOPE_ANALYSIS_SPENT',
      `the analysis of trace ${traceId} was already selected: analyse the trace again to select it again`,
    );
  }
}
