/** Log levels, most verbose first. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
/** A log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Extra structured fields of a log line. */
export type LogFields = Readonly<Record<string, unknown>>;

/** A structured logger. Implementations never throw. */
export interface GatewayLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Where log lines go (stderr in the CLI, a buffer in tests). */
export interface LogSink {
  write(line: string): unknown;
}

/**
 * A logger writing one JSON object per line: `{"time":"…","level":"info","msg":"…",…fields}`. Lines below
 * `level` cost one comparison. `bigint` and `Error` fields are written as strings.
 */
export function jsonLogger(
  sink: LogSink,
  level: LogLevel,
  now: () => Date = () => new Date(),
): GatewayLogger {
  const min = LOG_LEVELS.indexOf(level);
  const line = (at: LogLevel, message: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(at) < min) return;
    const record = { time: now().toISOString(), level: at, msg: message, ...fields };
    try {
      sink.write(`${JSON.stringify(record, replacer)}\n`);
    } catch {
      // A logger must not take the gateway down (closed pipe, cyclic field).
    }
  };
  return {
    debug: (m, f) => line('debug', m, f),
    info: (m, f) => line('info', m, f),
    warn: (m, f) => line('warn', m, f),
    error: (m, f) => line('error', m, f),
  };
}

/** A logger that drops everything. */
export const silentLogger: GatewayLogger = { debug() {}, info() {}, warn() {}, error() {} };

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return value;
}
