import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newReadStats, readOtlpJsonFile } from '@autoscope/formats';
import { afterEach, describe, expect, it } from 'vitest';
import { Gateway } from '../src/index.js';
import { testConfig, waitFor } from './helpers/config.js';
import { type Downstream, startDownstream } from './helpers/downstream.js';
import { makeClient, makeSdkSpans, send } from './helpers/otel-clients.js';

let gateway: Gateway | undefined;
let downstream: Downstream | undefined;

afterEach(async () => {
  await gateway?.stop();
  await downstream?.close();
  gateway = undefined;
  downstream = undefined;
});

async function readIds(path: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const batch of readOtlpJsonFile(path, newReadStats())) for (const s of batch) ids.push(s.spanId);
  return ids;
}

describe('gateway exporters chosen by exporter.type', () => {
  it('otlp-http: the built-in OTLP/HTTP exporter delivers every span downstream', async () => {
    downstream = await startDownstream();
    gateway = await Gateway.start(
      testConfig({ 'exporter.type': 'otlp-http', 'exporter.endpoint': downstream.url }),
    );
    const client = makeClient('proto', gateway.ports);
    const spans = makeSdkSpans(20, 3);
    expect((await send(client, spans)).ok).toBe(true);
    await client.shutdown();
    await waitFor(() => downstream!.spans.length >= spans.length, 10_000, 'export');
    expect(new Set(downstream.counts.keys())).toEqual(new Set(spans.map((s) => s.spanContext().spanId)));
  });

  it('file: writes OTLP JSON lines that read back span for span', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'autoscope-gw-file-')), 'out.jsonl');
    gateway = await Gateway.start(testConfig({ 'exporter.type': 'file', 'exporter.file': path }));
    const client = makeClient('json', gateway.ports);
    const spans = makeSdkSpans(15, 4);
    expect((await send(client, spans)).ok).toBe(true);
    await client.shutdown();
    await waitFor(() => gateway!.flow.state().heldRecords === 0, 10_000, 'release');
    await gateway.stop();
    gateway = undefined;
    const ids = await readIds(path);
    expect(ids.sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
  });
});
