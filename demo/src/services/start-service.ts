import type { Server } from 'node:http';
import type { Telemetry } from '../telemetry/setup.js';
import { ServiceClient } from './http-client.js';
import { startHttpServer } from './http-server.js';
import type { ServiceDefinition } from './route.js';
import { type ServiceRuntime, seededRandom } from './runtime.js';

/** A started service: its server, port, outgoing client and request count. */
export interface RunningService {
  readonly server: Server;
  readonly port: number;
  readonly client: ServiceClient;
  requests(): number;
}

/** Builds the service's routes over its runtime and listens on 127.0.0.1, port 0. */
export async function startService(
  definition: ServiceDefinition,
  telemetry: Telemetry,
): Promise<RunningService> {
  const client = new ServiceClient();
  const runtime: ServiceRuntime = {
    service: definition.name,
    tracer: telemetry.tracer,
    faults: telemetry.faults,
    random: seededRandom(definition.name),
    call: (target, method, path, body) => client.call(target, method, path, body),
  };
  const server = await startHttpServer(runtime, definition.routes(runtime));
  let requests = 0;
  server.on('request', () => {
    requests++;
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, port, client, requests: () => requests };
}
