/** Real OpenTelemetry JS exporters as gateway clients, and spans made with the real SDK. */
import { credentials } from '@grpc/grpc-js';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';

export type ClientKind = 'proto' | 'json' | 'grpc';

/** `traces` traces of 1 root + `children` children each, made with the real SDK. */
export function makeSdkSpans(traces: number, children: number, service = 'checkout'): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('gateway-test');
  for (let t = 0; t < traces; t++) {
    const root = tracer.startSpan(`GET /item/${t % 5}`);
    const ctx = trace.setSpan(context.active(), root);
    for (let c = 0; c < children; c++) tracer.startSpan(`db.query ${c}`, {}, ctx).end();
    root.end();
  }
  return memory.getFinishedSpans();
}

export function makeClient(
  kind: ClientKind,
  base: { readonly http?: number | undefined; readonly grpc?: number | undefined },
  headers: Record<string, string> = {},
): SpanExporter {
  if (kind === 'grpc') {
    return new GrpcExporter({
      url: `http://127.0.0.1:${base.grpc}`,
      credentials: credentials.createInsecure(),
    });
  }
  const url = `http://127.0.0.1:${base.http}/v1/traces`;
  return kind === 'proto' ? new ProtoExporter({ url, headers }) : new JsonExporter({ url, headers });
}

/** Exports with a real exporter; resolves true on success. */
export function send(client: SpanExporter, spans: ReadableSpan[]): Promise<{ ok: boolean; error?: Error }> {
  return new Promise((resolve) =>
    client.export(spans, (result) =>
      resolve({
        ok: result.code === 0 /* ExportResultCode.SUCCESS */,
        ...(result.error ? { error: result.error } : {}),
      }),
    ),
  );
}
