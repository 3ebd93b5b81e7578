import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAttribute, type Span } from '@autoscope/core';
import { afterEach, describe, expect, it } from 'vitest';
import { Gateway, jsonLogger } from '../src/index.js';
import { testConfig, waitFor } from './helpers/config.js';
import { type Downstream, startDownstream } from './helpers/downstream.js';
import { FetchExporter } from './helpers/fetch-exporter.js';
import { makeTraces, postProto } from './helpers/raw-spans.js';

let gateway: Gateway | undefined;
let downstream: Downstream | undefined;
let dir: string | undefined;

afterEach(async () => {
  await gateway?.stop();
  await downstream?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  gateway = undefined;
  downstream = undefined;
  dir = undefined;
});

/** Sends `traces` traces of 6 spans and returns what the downstream got of them. */
async function roundTrip(g: Gateway, d: Downstream, traces: number): Promise<Span[]> {
  const spans = makeTraces(traces, 6).flat();
  expect((await postProto(g.ports.http!, spans)).status).toBe(200);
  const ids = new Set(spans.map((s) => s.traceId));
  await waitFor(() => g.flow.state().heldRecords === 0 && g.flow.state().openTraces === 0, 10_000, 'export');
  return d.spans.filter((s) => ids.has(s.traceId));
}

describe('hot reload of the sampling config', () => {
  it('applies keep ratio, span rules, structure model and output options without a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'autoscope-reload-'));
    const file = join(dir, 'autoscope.json');
    writeFileSync(file, JSON.stringify({ version: '1.0', spans: {}, sampling: { keepRatio: 0.5 } }));
    const lines: string[] = [];
    downstream = await startDownstream();
    gateway = await Gateway.start(
      testConfig({ 'sampling.strategy': 'autoscope', 'sampling.configFile': file, 'log.level': 'info' }),
      {
        exporter: new FetchExporter(downstream.url),
        logger: jsonLogger({ write: (line: string) => lines.push(line) }, 'info'),
      },
    );
    expect(gateway.describeSampler()).toContain('keepRatio=0.5');
    expect(gateway.samplingOutput).toEqual({ structure: 'reparent', annotate: false, timing: true });
    const before = await roundTrip(gateway, downstream, 20);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => findAttribute(s.attributes, 'autoscope.reason') === undefined)).toBe(true);

    writeFileSync(
      file,
      JSON.stringify({
        version: '1.0',
        spans: { 'SELECT 3': { sample: true, priority: 'critical' } },
        structure: { edges: [{ from: 'GET /orders', to: 'SELECT 3', kind: 'mandatory' }], dominantSets: [] },
        sampling: { keepRatio: 0.2, structure: 'skeleton', annotate: true, timing: false },
      }),
    );
    await waitFor(
      () => gateway!.describeSampler().includes('keepRatio=0.2') || lines.some((l) => l.includes('rejected')),
      5000,
      'reload',
    );
    expect(lines.filter((l) => l.includes('rejected'))).toEqual([]);
    expect(gateway.samplingOutput).toEqual({ structure: 'skeleton', annotate: true, timing: false });
    const tracesBefore = gateway.flow.pipeline.summary.traces;
    expect(tracesBefore).toBeGreaterThanOrEqual(20);
    const after = await roundTrip(gateway, downstream, 20);
    // Annotations now on every kept span, and the span rule keeps every "SELECT 3".
    const rule = after.filter((s) => s.name === 'SELECT 3');
    expect(rule.length).toBe(20);
    expect(rule.every((s) => findAttribute(s.attributes, 'autoscope.reason') !== undefined)).toBe(true);
    // The summary (and so /metrics) keeps counting across the pipeline change.
    expect(gateway.flow.pipeline.summary.traces).toBe(tracesBefore + 20);
    expect(lines.some((l) => l.includes('sampling config reloaded'))).toBe(true);
  });

  it('keeps the running config when the new file is bad, and logs why', async () => {
    dir = mkdtempSync(join(tmpdir(), 'autoscope-reload-'));
    const file = join(dir, 'autoscope.json');
    writeFileSync(file, JSON.stringify({ version: '1.0', spans: {}, sampling: { keepRatio: 0.3 } }));
    const lines: string[] = [];
    downstream = await startDownstream();
    gateway = await Gateway.start(
      testConfig({ 'sampling.strategy': 'autoscope', 'sampling.configFile': file }),
      {
        exporter: new FetchExporter(downstream.url),
        logger: jsonLogger({ write: (line: string) => lines.push(line) }, 'info'),
      },
    );
    writeFileSync(file, JSON.stringify({ version: '1.0', sampling: { keepRatio: 7 } }));
    await waitFor(() => lines.some((l) => l.includes('rejected')), 5000, 'rejection log');
    expect(lines.find((l) => l.includes('rejected'))).toMatch(/keepRatio/);
    writeFileSync(file, '{ "version": "1.0", ');
    await waitFor(() => lines.filter((l) => l.includes('rejected')).length >= 2, 5000, 'second rejection');
    expect(gateway.describeSampler()).toContain('keepRatio=0.3');
    expect(gateway.samplingOutput).toEqual({ structure: 'reparent', annotate: false, timing: true });
    expect((await roundTrip(gateway, downstream, 5)).length).toBeGreaterThan(0);
  });
});
