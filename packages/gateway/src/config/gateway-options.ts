/**
 * Every gateway option in one table: its path in the config file, type, default and help. The CLI flags
 * (`--http-port`) and environment variables (`AUTOSCOPE_GATEWAY_HTTP_PORT`) are derived from the path, so
 * the file, the flags, the environment and `--help` cannot drift apart.
 */

/** The type of one option. */
export type OptionType = 'string' | 'integer' | 'number' | 'boolean';

/** One option of the gateway. */
export interface GatewayOption {
  /** Dotted path in the config file, e.g. `http.port`. */
  readonly path: string;
  readonly type: OptionType;
  readonly default: string | number | boolean;
  readonly help: string;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
}

const MiB = 1024 * 1024;

/** The option table, in the order `--help` and `docs/gateway.md` list it. */
export const GATEWAY_OPTIONS: readonly GatewayOption[] = [
  opt('http.enabled', 'boolean', true, 'run the OTLP/HTTP receiver (POST /v1/traces)'),
  opt('http.host', 'string', '127.0.0.1', 'OTLP/HTTP listen address'),
  int('http.port', 4318, 'OTLP/HTTP listen port (0: any free port)', 0, 65535),
  int('http.maxRequestBytes', 16 * MiB, 'largest OTLP/HTTP body, compressed and decompressed', 1024, 2 ** 31),
  opt('grpc.enabled', 'boolean', true, 'run the OTLP/gRPC receiver (TraceService/Export)'),
  opt('grpc.host', 'string', '127.0.0.1', 'OTLP/gRPC listen address'),
  int('grpc.port', 4317, 'OTLP/gRPC listen port (0: any free port)', 0, 65535),
  int('grpc.maxRequestBytes', 16 * MiB, 'largest OTLP/gRPC message', 1024, 2 ** 31),
  opt('admin.enabled', 'boolean', true, 'run the admin listener (/metrics, /healthz, /readyz)'),
  opt('admin.host', 'string', '127.0.0.1', 'admin listen address'),
  int('admin.port', 13133, 'admin listen port (0: any free port)', 0, 65535),
  opt(
    'auth.bearerToken',
    'string',
    '',
    'require "Authorization: Bearer TOKEN" on both receivers (empty: none)',
  ),
  opt(
    'tls.certFile',
    'string',
    '',
    'PEM certificate for both receivers (with tls.keyFile; empty: plain TCP)',
  ),
  opt('tls.keyFile', 'string', '', 'PEM private key for both receivers'),
  int(
    'assembly.decisionWaitMs',
    3000,
    'decide a trace this long after its last span, once its root arrived',
    1,
    3_600_000,
  ),
  int(
    'assembly.maxWaitMs',
    30_000,
    'decide a trace at the latest this long after its first span',
    1,
    86_400_000,
  ),
  int(
    'assembly.decidedCacheSize',
    100_000,
    'decided traces remembered so late spans follow the decision',
    0,
    1e8,
  ),
  int(
    'assembly.maxSpansPerTrace',
    100_000,
    'spans of one trace held at most; more are rejected (OTLP partial success)',
    1,
    1e9,
  ),
  int(
    'memory.maxBufferedBytes',
    256 * MiB,
    'encoded bytes of spans held in memory; beyond it, new data waits in the log',
    1024,
    2 ** 40,
  ),
  int('memory.maxBufferedSpans', 2_000_000, 'spans held in memory at most', 1, 1e9),
  int(
    'memory.maxInflightBytes',
    64 * MiB,
    'request bytes being decoded at once; beyond it 429 / RESOURCE_EXHAUSTED',
    1024,
    2 ** 40,
  ),
  int(
    'memory.maxRssBytes',
    0,
    'refuse requests (429) while resident memory is above this (0: no check)',
    0,
    2 ** 50,
  ),
  opt('wal.dir', 'string', 'autoscope-wal', 'write-ahead log folder (empty: in memory, not durable)'),
  int('wal.maxBytes', 1024 * MiB, 'log size limit; beyond it 503 / UNAVAILABLE', 1024, 2 ** 50),
  int('wal.segmentBytes', 64 * MiB, 'log segment file size', 1024, 2 ** 40),
  choice('wal.fsync', 'batch', ['always', 'batch', 'never'], 'when the log is fsynced before acknowledging'),
  int('wal.fsyncIntervalMs', 20, 'fsync interval of the batch policy', 1, 60_000),
  choice('exporter.type', 'otlp-http', ['otlp-http', 'otlp-grpc', 'file'], 'downstream exporter'),
  opt(
    'exporter.endpoint',
    'string',
    'http://127.0.0.1:4318/v1/traces',
    'downstream OTLP endpoint (URL; host:port for gRPC)',
  ),
  opt(
    'exporter.file',
    'string',
    'autoscope-traces.jsonl',
    'output file of the file exporter (OTLP JSON lines)',
  ),
  opt('exporter.headers', 'string', '', 'extra headers for the downstream, "k1=v1,k2=v2"'),
  opt('exporter.compression', 'boolean', true, 'gzip requests to the downstream'),
  int(
    'exporter.maxQueueBytes',
    64 * MiB,
    'bytes queued for the downstream at most; beyond it, new data waits in the log',
    1024,
    2 ** 40,
  ),
  int('exporter.batchSpans', 2048, 'spans per downstream request', 1, 1_000_000),
  int('exporter.timeoutMs', 10_000, 'timeout of one downstream request', 1, 600_000),
  choice(
    'sampling.strategy',
    'autoscope',
    ['autoscope', 'keep-all'],
    'sampler: the Autoscope engine, or pass-through',
  ),
  opt(
    'sampling.configFile',
    'string',
    '',
    'Autoscope config file (from autoscope analyze); reloaded when it changes',
  ),
  num(
    'sampling.keepRatio',
    0,
    'target kept fraction of bytes, in (0, 1] (0: from the config file, else 0.1)',
    0,
    1,
  ),
  choice(
    'sampling.structure',
    '',
    ['', 'reparent', 'skeleton', 'summary'],
    'how dropped spans appear (empty: from the config file)',
  ),
  opt('sampling.annotate', 'boolean', false, 'write autoscope.reason and autoscope.score on kept spans'),
  choice('log.level', 'info', ['debug', 'info', 'warn', 'error'], 'structured JSON log level (stderr)'),
  int(
    'shutdownTimeoutMs',
    20_000,
    'on SIGTERM, wait this long for the downstream before exiting',
    0,
    3_600_000,
  ),
];

/** The CLI flag of an option: `http.maxRequestBytes` → `http-max-request-bytes`. */
export function flagName(path: string): string {
  return path.replace(/\./g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The environment variable of an option: `http.port` → `AUTOSCOPE_GATEWAY_HTTP_PORT`. */
export function envName(path: string): string {
  return `AUTOSCOPE_GATEWAY_${flagName(path).replace(/-/g, '_').toUpperCase()}`;
}

function opt(path: string, type: OptionType, value: string | boolean, help: string): GatewayOption {
  return { path, type, default: value, help };
}

function int(path: string, value: number, help: string, min: number, max: number): GatewayOption {
  return { path, type: 'integer', default: value, help, min, max };
}

function num(path: string, value: number, help: string, min: number, max: number): GatewayOption {
  return { path, type: 'number', default: value, help, min, max };
}

function choice(path: string, value: string, choices: readonly string[], help: string): GatewayOption {
  return { path, type: 'string', default: value, help, choices };
}
