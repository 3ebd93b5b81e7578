import type { StructureMode } from '@autoscope/core';
import type { LogLevel } from '../logging/logger.js';

/** A listener's address. */
export interface ListenConfig {
  readonly enabled: boolean;
  readonly host: string;
  readonly port: number;
}

/** The resolved gateway configuration (see `GATEWAY_OPTIONS` for each field's meaning and default). */
export interface GatewayConfig {
  readonly http: ListenConfig & { readonly maxRequestBytes: number };
  readonly grpc: ListenConfig & { readonly maxRequestBytes: number };
  readonly admin: ListenConfig;
  readonly auth: { readonly bearerToken: string };
  readonly tls: { readonly certFile: string; readonly keyFile: string };
  readonly assembly: {
    readonly decisionWaitMs: number;
    readonly maxWaitMs: number;
    readonly decidedCacheSize: number;
    readonly maxSpansPerTrace: number;
  };
  readonly memory: {
    readonly maxBufferedBytes: number;
    readonly maxBufferedSpans: number;
    readonly maxInflightBytes: number;
    readonly maxRssBytes: number;
  };
  readonly wal: {
    readonly dir: string;
    readonly maxBytes: number;
    readonly segmentBytes: number;
    readonly fsync: 'always' | 'batch' | 'never';
    readonly fsyncIntervalMs: number;
  };
  readonly exporter: {
    readonly type: 'otlp-http' | 'otlp-grpc' | 'file';
    readonly endpoint: string;
    readonly file: string;
    readonly headers: string;
    readonly compression: boolean;
    readonly maxQueueBytes: number;
    readonly batchSpans: number;
    readonly timeoutMs: number;
  };
  readonly sampling: {
    readonly strategy: 'autoscope' | 'keep-all';
    readonly configFile: string;
    readonly keepRatio: number;
    readonly structure: StructureMode | '';
    readonly annotate: boolean;
  };
  readonly log: { readonly level: LogLevel };
  readonly shutdownTimeoutMs: number;
}
