import { afterEach, describe, expect, it } from 'vitest';
import { Gateway } from '../src/index.js';
import { testConfig, waitFor } from './helpers/config.js';
import { type Downstream, startDownstream } from './helpers/downstream.js';
import { FetchExporter } from './helpers/fetch-exporter.js';
import { type ClientKind, makeClient, makeSdkSpans, send } from './helpers/otel-clients.js';

let gateway: Gateway | undefined;
let downstream: Downstream | undefined;

afterEach(async () => {
  await gateway?.stop();
  await downstream?.close();
  gateway = undefined;
  downstream = undefined;
});

async function start(flags: Record<string, string> = {}) {
  downstream = await startDownstream();
  gateway = await Gateway.start(testConfig(flags), { exporter: new FetchExporter(downstream.url) });
  return { gateway, downstream };
}

describe('gateway end to end with the real OpenTelemetry exporters', () => {
  it.each<ClientKind>(['proto', 'json', 'grpc'])(
    '%s: every acknowledged span is exported once',
    async (kind) => {
      const { gateway, downstream } = await start();
      const client = makeClient(kind, gateway.ports);
      const spans = makeSdkSpans(40, 4);
      const result = await send(client, spans);
      await client.shutdown();
      expect(result).toEqual({ ok: true });
      await waitFor(() => downstream.spans.length >= spans.length, 10_000, 'export');
      expect(new Set(downstream.counts.keys())).toEqual(new Set(spans.map((s) => s.spanContext().spanId)));
      expect([...downstream.counts.values()].every((n) => n === 1)).toBe(true);
      const byId = new Map(downstream.spans.map((s) => [s.spanId, s]));
      const sample = spans[0]!;
      const got = byId.get(sample.spanContext().spanId)!;
      expect(got.name).toBe(sample.name);
      expect(got.traceId).toBe(sample.spanContext().traceId);
      expect(got.resource.serviceName).toBe('checkout');
    },
  );

  it('samples with the Autoscope engine and accounts for every span (exported + dropped = sent)', async () => {
    const { gateway, downstream } = await start({
      'sampling.strategy': 'autoscope',
      'sampling.keepRatio': '0.2',
    });
    const client = makeClient('proto', gateway.ports);
    const spans = makeSdkSpans(200, 8);
    expect((await send(client, spans)).ok).toBe(true);
    await client.shutdown();
    await waitFor(() => gateway.flow.pipeline.summary.spansIn === spans.length, 10_000, 'decisions');
    await waitFor(() => gateway.flow.state().heldRecords === 0, 10_000, 'release');
    const summary = gateway.flow.pipeline.summary;
    const dropped = Object.values(summary.dropped).reduce((a, b) => a + b, 0);
    expect(summary.spansKept + dropped).toBe(spans.length);
    expect(downstream.spans.length).toBe(summary.spansOut);
    expect(downstream.spans.length).toBeLessThan(spans.length);
    const roots = spans.filter((s) => s.parentSpanContext === undefined).map((s) => s.spanContext().spanId);
    for (const root of roots) expect(downstream.counts.get(root)).toBe(1);
  });

  it('serves /metrics, /healthz and /readyz on the admin port', async () => {
    const { gateway } = await start();
    const client = makeClient('proto', gateway.ports);
    await send(client, makeSdkSpans(3, 2));
    await client.shutdown();
    const base = `http://127.0.0.1:${gateway.ports.admin}`;
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toContain('autoscope_gateway_accepted_spans_total 9');
    expect(metrics).toMatch(/autoscope_gateway_requests_total\{transport="http",outcome="ok"\} 1/);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
  });
});
