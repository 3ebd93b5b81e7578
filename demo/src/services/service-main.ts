/**
 * A demo service as a child process: `node service-main.js` with DEMO_SERVICE (name), DEMO_FULL_PATH,
 * DEMO_SAMPLED_PATH, DEMO_PROCESSOR (`autoscope` | `batch`) and DEMO_CONFIG_PATH in the environment,
 * and an IPC channel to the orchestrator (see protocol.ts). It exits when told to stop, and on its own
 * when the orchestrator goes away (the IPC channel closes), so it never outlives the demo.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { type AutoscopeConfig, parseConfigText } from '@autoscope/core';
import { type ControlMessage, isControlMessage, type ServiceMessage } from '../protocol.js';
import type { SampledProcessorKind } from '../telemetry/sampled-processor.js';
import { startTelemetry, type Telemetry } from '../telemetry/setup.js';
import { serviceDefinition } from './catalog/index.js';
import type { RunningService } from './start-service.js';

function send(message: ServiceMessage, then?: () => void): void {
  process.send?.(message, undefined, {}, () => then?.());
}

function loadConfig(path: string | undefined): AutoscopeConfig | undefined {
  return path === undefined || path === '' ? undefined : parseConfigText(readFileSync(path, 'utf8'), path);
}

async function main(): Promise<void> {
  const name = process.env.DEMO_SERVICE ?? '';
  const definition = serviceDefinition(name);
  if (definition === undefined || process.send === undefined) {
    throw new Error(`DEMO_SERVICE "${name}" is not a demo service, or there is no IPC channel`);
  }
  const telemetry = startTelemetry({
    service: name,
    processor: (process.env.DEMO_PROCESSOR ?? 'autoscope') as SampledProcessorKind,
    ...optional('fullPath', process.env.DEMO_FULL_PATH),
    ...optional('sampledPath', process.env.DEMO_SAMPLED_PATH),
    ...optional('config', loadConfig(process.env.DEMO_CONFIG_PATH)),
  });
  // Loaded only now: node:http must be required after the HTTP instrumentation is registered.
  const { startService } = await import('./start-service.js');
  const running = await startService(definition, telemetry);
  process.on('disconnect', () => process.exit(2));
  process.on('SIGTERM', () => void stop(running, telemetry));
  process.on('message', (message: unknown) => {
    if (isControlMessage(message)) onControl(message, running, telemetry);
  });
  send({ type: 'ready', port: running.port });
}

function onControl(message: ControlMessage, running: RunningService, telemetry: Telemetry): void {
  if (message.type === 'peers') running.client.setPorts(message.ports);
  else if (message.type === 'fault') telemetry.faults.schedule(message.fault);
  else void stop(running, telemetry);
}

let stopping = false;
async function stop(running: RunningService, telemetry: Telemetry): Promise<void> {
  if (stopping) return;
  stopping = true;
  await closeServer(running.server);
  running.client.close();
  const groundTruth = telemetry.faults.groundTruth();
  const windowOverlaps = telemetry.faults.windowOverlaps();
  await telemetry.shutdown();
  const requests = running.requests();
  const report = { groundTruth, windowOverlaps, requests, spansEnded: telemetry.spansEnded() };
  send({ type: 'stopped', report }, () => process.exit(0));
}

function closeServer(server: Server): Promise<void> {
  server.closeIdleConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: V };
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  if (process.send === undefined) process.exit(1);
  send({ type: 'failed', message: error.stack ?? error.message }, () => process.exit(1));
});
