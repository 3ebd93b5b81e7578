import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ServiceFailedError } from '../errors.js';
import { SERVICES } from '../services/catalog/index.js';
import { isAlive, waitForExit } from '../test-support.js';
import { ServiceCluster } from './cluster.js';
import { runLoad } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'autoscope-demo-cluster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function spansOf(path: string): { spanId: string; name: string; status: number }[] {
  const out: { spanId: string; name: string; status: number }[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue;
    for (const rs of JSON.parse(line).resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const s of ss.spans) out.push({ spanId: s.spanId, name: s.name, status: s.status?.code ?? 0 });
  }
  return out;
}

describe('ServiceCluster', () => {
  it('starts six services, serves traffic, records injected faults, and stops every process', async () => {
    const cluster = new ServiceCluster({
      services: SERVICES.map((s) => s.name),
      fullPath: (s) => join(dir, `${s}.full.jsonl`),
      processor: 'batch',
    });
    try {
      const ports = await cluster.start();
      expect(Object.keys(ports).sort()).toEqual(SERVICES.map((s) => s.name).sort());
      const now = Date.now();
      cluster.inject({
        id: 'boom',
        type: 'exception',
        service: 'payment',
        startMs: now,
        endMs: now + 60_000,
      });
      cluster.inject({
        id: 'slow',
        type: 'latency',
        service: 'inventory',
        startMs: now,
        endMs: now + 60_000,
      });
      const checkouts = await runLoad({
        port: ports.frontend!,
        requests: 6,
        ratePerSecond: 100,
        concurrency: 3,
        next: (i) => ({
          method: 'POST',
          path: '/checkout',
          body: { userId: 1 + i, items: [{ productId: 3, quantity: 1 }] },
        }),
      });
      const pages = await runLoad({
        port: ports.frontend!,
        requests: 20,
        ratePerSecond: 200,
        concurrency: 4,
      });
      expect(checkouts.failed).toBe(6); // payment throws, so every checkout fails with a 5xx
      expect(pages.sent).toBe(20);
      const pids = cluster.pids();
      expect(pids).toHaveLength(6);
      const reports = await cluster.stop();
      expect(await waitForExit(pids)).toEqual([]);
      expect(reports.payment!.groundTruth.boom!.length).toBeGreaterThanOrEqual(6);
      expect(reports.inventory!.groundTruth.slow!.length).toBeGreaterThanOrEqual(6);
      const payment = spansOf(join(dir, 'payment.full.jsonl'));
      const charges = payment.filter((s) => s.name === 'POST /charge');
      expect(charges.map((s) => s.spanId).sort()).toEqual([...reports.payment!.groundTruth.boom!].sort());
      expect(charges.every((s) => s.status === 2)).toBe(true);
      expect(payment.some((s) => s.name === 'INSERT payments')).toBe(true);
      expect(reports.frontend!.spansEnded).toBeGreaterThan(50);
    } finally {
      cluster.kill();
    }
  });

  it('reports a service that cannot start, with its stderr, and leaves no process behind', async () => {
    const cluster = new ServiceCluster({ services: ['users', 'no-such-service'], processor: 'batch' });
    const started = cluster.start();
    await expect(started).rejects.toBeInstanceOf(ServiceFailedError);
    await expect(started).rejects.toThrow(/no-such-service failed to start.*not a demo service/s);
    const pids = cluster.pids();
    cluster.kill();
    expect(await waitForExit(pids)).toEqual([]);
  });

  it('kill() ends every service at once', async () => {
    const cluster = new ServiceCluster({ services: ['users', 'inventory'], processor: 'batch' });
    await cluster.start();
    const pids = cluster.pids();
    expect(pids.every(isAlive)).toBe(true);
    cluster.kill();
    expect(await waitForExit(pids)).toEqual([]);
  });
});
