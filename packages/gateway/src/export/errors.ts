/**
 * Errors of the downstream exporters. Each failure has its own class with a stable `code` (listed in
 * docs/gateway-durability.md). A rejected `export` means the spans were not delivered: the caller keeps
 * the record in the write-ahead log (or reports the spans as failed).
 */
import { AutoscopeError } from '@autoscope/core';

/**
 * The backend refused the request for good (HTTP 4xx other than 429, 5xx other than 502/503/504,
 * or a non-retryable gRPC status): retrying the same bytes cannot succeed.
 */
export class ExportRejectedError extends AutoscopeError {
  /** HTTP status or gRPC status code of the refusal. */
  readonly status: number;

  constructor(exporter: string, status: number, message: string) {
    super('AUTOSCOPE_EXPORT_REJECTED', `${exporter}: backend refused the request (${status}): ${message}`);
    this.status = status;
  }
}

/** Transient failures went on past `retry.maxElapsedMs`; the last failure is in the message. */
export class ExportRetriesExhaustedError extends AutoscopeError {
  readonly attempts: number;

  constructor(exporter: string, attempts: number, elapsedMs: number, lastReason: string) {
    super(
      'AUTOSCOPE_EXPORT_GAVE_UP',
      `${exporter}: gave up after ${attempts} attempts in ${Math.round(elapsedMs)} ms; last failure: ${lastReason}`,
    );
    this.attempts = attempts;
  }
}

/** The exporter was shut down before the request was delivered (it may be retried by a new exporter). */
export class ExportShutdownError extends AutoscopeError {
  constructor(exporter: string) {
    super('AUTOSCOPE_EXPORT_SHUTDOWN', `${exporter}: shut down before the request was delivered`);
  }
}

/** An exporter option is invalid; the message names the option and the fix. */
export class ExporterOptionError extends AutoscopeError {
  constructor(option: string, message: string) {
    super('AUTOSCOPE_EXPORTER_OPTION', `exporter option ${option}: ${message}`);
  }
}
