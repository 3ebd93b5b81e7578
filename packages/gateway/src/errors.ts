/**
 * Errors of the gateway. Each failure has its own class with a stable `code`; `docs/gateway.md` lists
 * every code.
 */
import { AutoscopeError, type ConfigProblem } from '@autoscope/core';

/** Base class of every error thrown by `@autoscope/gateway`. */
export class GatewayError extends AutoscopeError {}

/** The gateway configuration (file, flags or environment) was invalid; `problems` lists every one. */
export class GatewayConfigError extends GatewayError {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n');
    super('AUTOSCOPE_GATEWAY_CONFIG', `invalid gateway configuration:\n${lines}`);
    this.problems = problems;
  }
}

/** Why the gateway refused to accept data for now: `memory` (buffer full) or `log` (write-ahead log full). */
export type OverloadKind = 'memory' | 'log' | 'shutdown';

/** The gateway cannot accept data now; the client should retry after `retryAfterSeconds`. */
export class GatewayOverloadedError extends GatewayError {
  readonly kind: OverloadKind;
  readonly retryAfterSeconds: number;

  constructor(kind: OverloadKind, retryAfterSeconds: number, message: string) {
    super('AUTOSCOPE_GATEWAY_OVERLOADED', message);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A request body was malformed, too large or of an unsupported type; `status` is the HTTP status to answer. */
export class BadRequestError extends GatewayError {
  readonly status: number;

  constructor(status: number, message: string) {
    super('AUTOSCOPE_GATEWAY_BAD_REQUEST', message);
    this.status = status;
  }
}
