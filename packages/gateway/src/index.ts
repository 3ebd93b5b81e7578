export type { AdminSource } from './admin/admin-app.js';
export { createAdminApp } from './admin/admin-app.js';
export { MAX_SPANS_PER_REQUEST, scanTraceRequest } from './buffer/scan-request.js';
export type { ScannedRequest, ScopeGroup } from './buffer/scanned-request.js';
export { writeSubRequest } from './buffer/write-request.js';
export type { GatewayConfig, ListenConfig } from './config/gateway-config.js';
export type { GatewayOption, OptionType } from './config/gateway-options.js';
export { envName, flagName, GATEWAY_OPTIONS } from './config/gateway-options.js';
export type { ConfigSources } from './config/resolve-config.js';
export { resolveGatewayConfig } from './config/resolve-config.js';
export type { LogRecord, SpanLog, TraceExporter } from './contracts.js';
export type { OverloadKind } from './errors.js';
export { BadRequestError, GatewayConfigError, GatewayError, GatewayOverloadedError } from './errors.js';
export type { RetryPolicy } from './export/backoff.js';
export type { DeliveryOptions } from './export/delivery.js';
export {
  ExporterOptionError,
  ExportRejectedError,
  ExportRetriesExhaustedError,
  ExportShutdownError,
} from './export/errors.js';
export type { FileExporterOptions } from './export/file-exporter.js';
export { FileExporter } from './export/file-exporter.js';
export type { OtlpGrpcExporterOptions } from './export/otlp-grpc-exporter.js';
export { OtlpGrpcExporter } from './export/otlp-grpc-exporter.js';
export type { OtlpHttpExporterOptions } from './export/otlp-http-exporter.js';
export { OtlpHttpExporter } from './export/otlp-http-exporter.js';
export type { ExporterStats } from './export/stats.js';
export type { FlowCounters } from './flow/flow-counters.js';
export type { FlowOptions } from './flow/flow-options.js';
export { MemoryLogFullError, MemorySpanLog } from './flow/memory-span-log.js';
export type { FlowDependencies, FlowState, IngestResult } from './flow/span-flow.js';
export { SpanFlow } from './flow/span-flow.js';
export type { GatewayParts, GatewayPorts } from './gateway.js';
export { flowOptions, Gateway } from './gateway.js';
export type { GatewayLogger, LogFields, LogLevel, LogSink } from './logging/logger.js';
export { jsonLogger, LOG_LEVELS, silentLogger } from './logging/logger.js';
export type {
  HttpRequestIn,
  HttpResponseOut,
  OtlpHttpApp,
  OtlpHttpAppOptions,
} from './receivers/http-app.js';
export { createOtlpHttpApp } from './receivers/http-app.js';
export type { RunGatewayRequest } from './run-gateway.js';
export { loadGatewayConfig, runGateway } from './run-gateway.js';
export { KeepAllStrategy } from './sampling/keep-all-strategy.js';
export { SwappableStrategy } from './sampling/swappable-strategy.js';
export { GATEWAY_VERSION } from './version.js';
export {
  WalCorruptRecordError,
  WalFullError,
  WalOptionError,
  WalRecordTooLargeError,
  WalWriteError,
} from './wal/errors.js';
export type { FsyncPolicy, WriteAheadLogOptions } from './wal/options.js';
export type { WalRecoveryReport } from './wal/recover.js';
export type { WalStats } from './wal/write-ahead-log.js';
export { WriteAheadLog } from './wal/write-ahead-log.js';
