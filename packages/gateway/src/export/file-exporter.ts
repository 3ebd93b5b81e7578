/** Exports to a file of OTLP/JSON lines, like the OpenTelemetry Collector's file exporter. */
import { DeliveringExporter } from './delivering-exporter.js';
import { Delivery, type DeliveryOptions } from './delivery.js';
import { ExporterOptionError } from './errors.js';
import { FileTransport } from './file-transport.js';

/** Options of {@link FileExporter}. */
export interface FileExporterOptions extends Omit<DeliveryOptions, 'maxConcurrentRequests'> {
  readonly path: string;
  /** Start a new file once this many bytes are written (the full one is renamed `name-<timestamp>.ext`). */
  readonly rotateBytes?: number;
}

/**
 * Appends each request as one line of OTLP/JSON (`{"resourceSpans":[...]}`), in the order `export` was
 * called. Accepts encoded protobuf requests, and OTLP/JSON ones (starting with `{`). A request that
 * cannot be decoded rejects with the decoder's error; write errors are retried. Syncs on shutdown.
 */
export class FileExporter extends DeliveringExporter {
  constructor(options: FileExporterOptions) {
    const rotateBytes = options.rotateBytes ?? 0;
    if (!Number.isSafeInteger(rotateBytes) || rotateBytes < 0) {
      throw new ExporterOptionError(
        'rotateBytes',
        `expected a whole number of bytes (0: never), got ${rotateBytes}`,
      );
    }
    if (options.path === '') throw new ExporterOptionError('path', 'expected a file path');
    const transport = new FileTransport(options.path, rotateBytes);
    super(new Delivery(transport, { ...options, maxConcurrentRequests: 1 }));
  }
}
