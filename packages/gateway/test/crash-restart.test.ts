import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ChildGateway, spawnGateway } from './helpers/child-gateway.js';
import { waitFor } from './helpers/config.js';
import { type Downstream, startDownstream } from './helpers/downstream.js';
import { makeClient, makeSdkSpans, send } from './helpers/otel-clients.js';

let downstream: Downstream | undefined;
let gateway: ChildGateway | undefined;
let walDir = '';

afterEach(async () => {
  if (gateway !== undefined && gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
  await gateway?.exited;
  await downstream?.close();
  rmSync(walDir, { recursive: true, force: true });
});

function args(url: string): string[] {
  return [
    ...['--http-port', '0', '--grpc-enabled', 'false', '--admin-port', '0'],
    ...['--wal-dir', walDir, '--wal-fsync', 'always', '--sampling-strategy', 'keep-all'],
    ...['--assembly-decision-wait-ms', '100', '--exporter-endpoint', url, '--exporter-batch-spans', '64'],
  ];
}

describe('crash and restart (kill -9) with the write-ahead log', () => {
  it('exports every acknowledged span after a restart', async () => {
    walDir = mkdtempSync(join(tmpdir(), 'autoscope-wal-'));
    downstream = await startDownstream();
    gateway = await spawnGateway(args(downstream.url));
    const client = makeClient('proto', gateway.ports);
    const first = makeSdkSpans(30, 3);
    expect((await send(client, first)).ok).toBe(true);
    await waitFor(() => downstream!.spans.length >= first.length, 10_000, 'first batch exported');
    downstream.down = true;
    const second = makeSdkSpans(50, 3, 'cart');
    expect((await send(client, second)).ok).toBe(true);
    await client.shutdown();
    gateway.child.kill('SIGKILL');
    expect(await gateway.exited).toBe('SIGKILL');
    expect(downstream.counts.has(second[0]!.spanContext().spanId)).toBe(false);

    downstream.down = false;
    gateway = await spawnGateway(args(downstream.url));
    const acked = [...first, ...second].map((s) => s.spanContext().spanId);
    await waitFor(() => acked.every((id) => downstream!.counts.has(id)), 20_000, 'every acked span exported');
    expect(new Set(downstream.counts.keys())).toEqual(new Set(acked));
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
  });
});
