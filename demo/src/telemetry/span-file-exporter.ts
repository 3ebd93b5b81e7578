import { OtlpJsonLinesWriter } from '@autoscope/formats';
import { SpanConverter } from '@autoscope/otel';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/**
 * An OpenTelemetry `SpanExporter` that appends each exported batch as one OTLP/JSON line (the
 * Collector file exporter's layout, readable by every Autoscope reader). Writes are chained so lines
 * never interleave; `shutdown` waits for them and closes the file.
 */
export class SpanFileExporter implements SpanExporter {
  private readonly writer: OtlpJsonLinesWriter;
  private readonly converter = new SpanConverter();
  private pending: Promise<void> = Promise.resolve();
  private closed = false;
  /** Spans written so far. */
  spansWritten = 0;
  /** Write failures (the batch is reported as failed to the SDK). */
  failures = 0;

  constructor(readonly path: string) {
    this.writer = new OtlpJsonLinesWriter(path);
  }

  /** Converts and appends one batch. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.closed) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('exporter is shut down') });
      return;
    }
    const converted = spans.map((s) => this.converter.toCoreSpan(s));
    this.pending = this.pending.then(() =>
      this.writer.write(converted).then(
        () => {
          this.spansWritten += converted.length;
          resultCallback({ code: ExportResultCode.SUCCESS });
        },
        (error: Error) => {
          this.failures++;
          resultCallback({ code: ExportResultCode.FAILED, error });
        },
      ),
    );
  }

  /** Resolves once every accepted batch is written. */
  forceFlush(): Promise<void> {
    return this.pending;
  }

  /** Writes what is pending and closes the file; later exports fail. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pending;
    await this.writer.close();
  }
}
