import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EvalReport } from '@autoscope/eval';
import { readFaultsFile } from '@autoscope/formats';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceChildren } from '../test-support.js';
import { LIVE_SAMPLER, runDemo } from './run-demo.js';

const dir = mkdtempSync(join(tmpdir(), 'autoscope-demo-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runDemo (short end-to-end run)', () => {
  it('writes the config, both datasets, results.json and report.html, and leaves no service running', async () => {
    const lines: string[] = [];
    // 240 requests over 4 s: fault windows of 400 ms with about 24 requests each, so a machine that stalls
    // the load for a few hundred ms (loaded CI) still sends requests through every fault.
    const result = await runDemo({ out: dir, requests: 240, ratePerSecond: 60, log: (l) => lines.push(l) });
    expect(serviceChildren(process.pid)).toEqual([]);
    for (const file of ['autoscope.json', 'full/traces.jsonl', 'full/faults.json', 'sampled/traces.jsonl']) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(existsSync(join(dir, '.parts'))).toBe(false);
    const faults = await readFaultsFile(join(dir, 'full', 'faults.json'));
    expect(faults.map((f) => f.type)).toEqual([
      'latency',
      'cpu_contention',
      'exception',
      'dependency_timeout',
    ]);
    for (const f of faults) expect(f.faultySpanIds?.length, f.id).toBeGreaterThan(0);
    expect(statSync(join(dir, 'sampled', 'traces.jsonl')).size).toBeLessThan(
      statSync(join(dir, 'full', 'traces.jsonl')).size,
    );
    const report = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as EvalReport;
    expect(report.version).toBe(1);
    expect(report.faultyDefinition).toBe('ids');
    expect(report.traces).toBe(result.load.sent);
    const live = report.results.find((r) => r.sampler === LIVE_SAMPLER);
    expect(live?.spansOut).toBeGreaterThan(0);
    expect(live!.spansOut).toBeLessThan(live!.spansIn);
    expect(live!.traceRetrievability).toBe(1);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/<html/i);
    expect(result.table).toContain(LIVE_SAMPLER);
    expect(lines.some((l) => l.startsWith('starting 6 services'))).toBe(true);
  });

  it('stops every service and rejects when aborted during the load', async () => {
    const controller = new AbortController();
    const run = runDemo({
      out: join(dir, 'aborted'),
      requests: 5_000,
      ratePerSecond: 50,
      signal: controller.signal,
    });
    const waitForServices = async () => {
      while (serviceChildren(process.pid).length < 6) await new Promise((r) => setTimeout(r, 50));
    };
    await waitForServices();
    const pids = serviceChildren(process.pid);
    setTimeout(() => controller.abort('SIGINT'), 500);
    await expect(run).rejects.toThrow(/interrupted by SIGINT/);
    expect(pids.filter((pid) => serviceChildren(process.pid).includes(pid))).toEqual([]);
  });
});
