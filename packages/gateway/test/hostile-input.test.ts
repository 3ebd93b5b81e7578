import { gzipSync } from 'node:zlib';
import { encodeTraceRequest } from '@autoscope/otlp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Gateway } from '../src/index.js';
import { testConfig } from './helpers/config.js';
import { type Downstream, startDownstream } from './helpers/downstream.js';
import { FetchExporter } from './helpers/fetch-exporter.js';
import { random } from './helpers/random.js';
import { grpcExportRaw, makeTraces, postProto } from './helpers/raw-spans.js';

let gateway: Gateway;
let downstream: Downstream;

beforeAll(async () => {
  downstream = await startDownstream();
  gateway = await Gateway.start(
    testConfig({ 'http.maxRequestBytes': '65536', 'grpc.maxRequestBytes': '65536' }),
    {
      exporter: new FetchExporter(downstream.url),
    },
  );
});

afterAll(async () => {
  await gateway.stop();
  await downstream.close();
});

function post(body: Uint8Array | string, type: string, extra: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${gateway.ports.http}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': type, ...extra },
    body,
  });
}

async function grpcExport(body: Uint8Array): Promise<{ code: number; details: string }> {
  const { error } = await grpcExportRaw(gateway.ports.grpc!, body);
  return { code: error?.code ?? 0, details: error?.details ?? '' };
}

describe('hostile input', () => {
  const valid = encodeTraceRequest(makeTraces(3, 4).flat());

  it('answers random bytes and truncations with 200 or 400 and a reason, never more, and stays up', async () => {
    const next = random(7);
    for (let i = 0; i < 120; i++) {
      const body =
        i % 2 === 0
          ? valid.subarray(0, Math.floor(next() * valid.length))
          : Uint8Array.from({ length: 1 + Math.floor(next() * 300) }, () => Math.floor(next() * 256));
      const response = await post(body, 'application/x-protobuf');
      expect([200, 400]).toContain(response.status);
      const text = Buffer.from(await response.arrayBuffer()).toString('latin1');
      if (response.status === 400) expect(text).toMatch(/byte \d+/);
    }
    expect((await postProto(gateway.ports.http!, makeTraces(1, 2).flat())).status).toBe(200);
  });

  it('answers bad JSON, bad gzip, wrong types and oversize bodies with 4xx', async () => {
    const badJson = await post('{"resourceSpans": [', 'application/json');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ code: 3, message: expect.stringContaining('invalid JSON') });
    const badId = await post(
      '{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"xyz","spanId":"00"}]}]}]}',
      'application/json',
    );
    // A span with invalid ids is rejected alone: OTLP partial success, not a failed request.
    expect(badId.status).toBe(200);
    const partial = (await badId.json()) as {
      partialSuccess: { rejectedSpans: string; errorMessage: string };
    };
    expect(Number(partial.partialSuccess.rejectedSpans)).toBe(1);
    expect(partial.partialSuccess.errorMessage).toContain('traceId');
    expect((await post(valid, 'application/x-protobuf', { 'content-encoding': 'gzip' })).status).toBe(400);
    expect(
      (await post(gzipSync(valid), 'application/x-protobuf', { 'content-encoding': 'gzip' })).status,
    ).toBe(200);
    expect(
      (
        await post(gzipSync(new Uint8Array(1 << 20)), 'application/x-protobuf', {
          'content-encoding': 'gzip',
        })
      ).status,
    ).toBe(413);
    expect((await post(new Uint8Array(70_000), 'application/x-protobuf')).status).toBe(413);
    expect((await post(valid, 'text/plain')).status).toBe(415);
    expect((await fetch(`http://127.0.0.1:${gateway.ports.http}/v1/traces`)).status).toBe(405);
  });

  it('answers malformed gRPC messages with INVALID_ARGUMENT and valid ones with OK', async () => {
    const next = random(11);
    for (let i = 0; i < 30; i++) {
      const body = Uint8Array.from({ length: 1 + Math.floor(next() * 200) }, () => Math.floor(next() * 256));
      const { code, details } = await grpcExport(body);
      expect([0, 3]).toContain(code);
      if (code === 3) expect(details).toMatch(/byte \d+/);
    }
    expect((await grpcExport(valid)).code).toBe(0);
    expect((await grpcExport(new Uint8Array(70_000))).code).toBe(8);
  });
});
