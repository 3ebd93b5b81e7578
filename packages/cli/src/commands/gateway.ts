import { envName, flagName, GATEWAY_OPTIONS } from '@autoscope/gateway/options';
import type { Command, FlagSpec, FlagTable } from '../args.js';
import { ExitCode } from '../errors.js';

/** One flag per gateway option, named after its config path (`http.port` → `--http-port`). */
function optionFlags(): FlagTable {
  const table: Record<string, FlagSpec> = {
    config: { type: 'string', value: 'FILE', help: 'gateway config file (JSON; see docs/gateway.md)' },
  };
  for (const option of GATEWAY_OPTIONS) {
    const value = option.type === 'boolean' ? 'BOOL' : option.type === 'string' ? 'TEXT' : 'N';
    const shown = option.default === '' ? '""' : String(option.default);
    table[flagName(option.path)] = {
      type: 'string',
      value,
      help: `${option.help} [${option.path}; ${envName(option.path)}] (default ${shown})`,
      ...(option.choices === undefined ? {} : { choices: option.choices }),
    };
  }
  return table;
}

/** `autoscope gateway`: an OTLP gateway that samples spans between applications and their backend. */
export const gatewayCommand: Command = {
  name: 'gateway',
  summary: 'run an OTLP gateway (HTTP 4318, gRPC 4317) that samples spans and exports them downstream',
  usage: 'autoscope gateway [--config FILE] [--OPTION VALUE ...]',
  flags: optionFlags(),
  details:
    'Precedence: flags over AUTOSCOPE_GATEWAY_* environment variables over the config file over defaults.\nAccepted spans are written to the write-ahead log before they are acknowledged. SIGTERM or SIGINT stops\ngracefully: no new requests, every buffered trace decided and exported, then exit 0.\nAdmin endpoints: /metrics (Prometheus), /healthz, /readyz. Logs: JSON lines on stderr.',
  async run(flags) {
    const { runGateway } = await import('@autoscope/gateway');
    const byPath: Record<string, string | undefined> = {};
    for (const option of GATEWAY_OPTIONS) {
      const value = flags[flagName(option.path)];
      if (typeof value === 'string') byPath[option.path] = value;
    }
    await runGateway({
      configFile: flags.config as string | undefined,
      flags: byPath,
      env: process.env,
      logSink: process.stderr,
    });
    return ExitCode.OK;
  },
};
