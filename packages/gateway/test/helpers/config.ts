import { type GatewayConfig, resolveGatewayConfig } from '../../src/index.js';

/** A gateway config for tests: every port 0, in-memory log, keep-all sampler, short waits. */
export function testConfig(flags: Record<string, string | boolean> = {}): GatewayConfig {
  return resolveGatewayConfig({
    flags: {
      'http.port': '0',
      'grpc.port': '0',
      'admin.port': '0',
      'wal.dir': '',
      'sampling.strategy': 'keep-all',
      'assembly.decisionWaitMs': '50',
      'assembly.maxWaitMs': '2000',
      'log.level': 'error',
      ...flags,
    },
  });
}

export async function waitFor(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
