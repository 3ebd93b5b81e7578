export type { AdminSource } from './admin/admin-app.js';
export { createAdminApp } from './admin/admin-app.js';
export type { GatewayConfig, ListenConfig } from './config/gateway-config.js';
export type { GatewayOption, OptionType } from './config/gateway-options.js';
export { envName, flagName, GATEWAY_OPTIONS } from './config/gateway-options.js';
export type { ConfigSources } from './config/resolve-config.js';
export { resolveGatewayConfig } from './config/resolve-config.js';
export type { LogRecord, SpanLog, TraceExporter } from './contracts.js';
export type { OverloadKind } from './errors.js';
export { BadRequestError, GatewayConfigError, GatewayError, GatewayOverloadedError } from './errors.js';
export type { FlowCounters } from './flow/flow-counters.js';
export type { FlowOptions } from './flow/flow-options.js';
export { MemoryLogFullError, MemorySpanLog } from './flow/memory-span-log.js';
export type { FlowDependencies, FlowState } from './flow/span-flow.js';
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
