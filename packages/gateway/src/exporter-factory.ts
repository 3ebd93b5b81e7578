import type { GatewayConfig } from './config/gateway-config.js';
import type { TraceExporter } from './contracts.js';
import { GatewayConfigError } from './errors.js';
import { FileExporter } from './export/file-exporter.js';
import { OtlpGrpcExporter } from './export/otlp-grpc-exporter.js';
import { OtlpHttpExporter } from './export/otlp-http-exporter.js';
import type { GatewayLogger } from './logging/logger.js';

/** Builds the downstream exporter named by `exporter.type`. Throws `GatewayConfigError` for bad settings. */
export function createExporter(config: GatewayConfig, logger: GatewayLogger): TraceExporter {
  const e = config.exporter;
  const shared = {
    maxQueueBytes: e.maxQueueBytes,
    shutdownTimeoutMs: config.shutdownTimeoutMs,
    onPartialSuccess: (result: { rejectedSpans: number; errorMessage: string }) =>
      logger.warn('downstream rejected some spans', { ...result }),
  };
  const network = {
    ...shared,
    url: e.endpoint,
    headers: parseHeaders(e.headers),
    compression: e.compression ? ('gzip' as const) : ('none' as const),
    timeoutMs: e.timeoutMs,
  };
  if (e.type === 'otlp-http') return new OtlpHttpExporter(network);
  if (e.type === 'otlp-grpc') return new OtlpGrpcExporter(network);
  if (e.type === 'file') return new FileExporter({ ...shared, path: e.file });
  throw new GatewayConfigError([{ path: 'exporter.type', message: `unknown exporter type ${e.type}` }]);
}

/** Parses `k1=v1,k2=v2` (the OTEL_EXPORTER_OTLP_HEADERS form). */
export function parseHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) {
      if (pair.trim() !== '')
        throw new GatewayConfigError([
          { path: 'exporter.headers', message: `expected key=value, got "${pair}"` },
        ]);
      continue;
    }
    headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}
