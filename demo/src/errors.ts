/** Errors of the demo; each failure has its own class and stable `code` (listed in docs/errors.md). */
import { AutoscopeError } from '@autoscope/core';

/** Base class of every demo failure. */
export class DemoError extends AutoscopeError {}

/** The compiled services are missing (run `npx tsc -b`). */
export class DemoNotBuiltError extends DemoError {
  constructor(path: string) {
    super('DEMO_NOT_BUILT', `the demo services are not built (${path}); run "npx tsc -b"`);
  }
}

/** A service could not start, stop, or take an order; the message carries its stderr tail. */
export class ServiceFailedError extends DemoError {
  constructor(
    readonly service: string,
    message: string,
  ) {
    super('DEMO_SERVICE_FAILED', message);
  }
}

/** The run was interrupted (Ctrl-C or SIGTERM); every service was stopped. */
export class DemoInterruptedError extends DemoError {
  constructor(signal: string) {
    super('DEMO_INTERRUPTED', `interrupted by ${signal}; every demo service was stopped`);
  }
}
