import { readFile } from 'node:fs/promises';
import type { GatewayConfig } from './config/gateway-config.js';
import { resolveGatewayConfig } from './config/resolve-config.js';
import { GatewayConfigError } from './errors.js';
import { Gateway } from './gateway.js';
import { jsonLogger, type LogSink } from './logging/logger.js';

/** What `autoscope gateway` was given. */
export interface RunGatewayRequest {
  /** Config file (JSON), if any. */
  readonly configFile: string | undefined;
  /** Option values by path, from the command line. */
  readonly flags: Readonly<Record<string, string | boolean | undefined>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where JSON log lines go (stderr). */
  readonly logSink: LogSink;
  /** Called once the gateway listens (the CLI prints nothing else on stdout). */
  readonly onStarted?: (gateway: Gateway) => void;
}

/**
 * Runs the gateway until SIGTERM or SIGINT, then stops gracefully (stop accepting, decide, export,
 * release) and resolves. Throws `GatewayConfigError` for a bad configuration.
 */
export async function runGateway(request: RunGatewayRequest): Promise<void> {
  const config = await loadGatewayConfig(request);
  const logger = jsonLogger(request.logSink, config.log.level);
  const gateway = await Gateway.start(config, { logger });
  request.onStarted?.(gateway);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info('signal received', { signal });
  await gateway.stop();
}

/** Resolves the configuration from the file (if any), the environment and flags. */
export async function loadGatewayConfig(
  request: Pick<RunGatewayRequest, 'configFile' | 'flags' | 'env'>,
): Promise<GatewayConfig> {
  const name = request.configFile;
  const file = name === undefined ? undefined : await readJsonFile(name);
  return resolveGatewayConfig({
    ...(name === undefined ? {} : { file, fileName: name }),
    env: request.env,
    flags: request.flags,
  });
}

async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new GatewayConfigError([{ path, message: `cannot read: ${(error as Error).message}` }]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new GatewayConfigError([{ path, message: `invalid JSON: ${(error as Error).message}` }]);
  }
}
