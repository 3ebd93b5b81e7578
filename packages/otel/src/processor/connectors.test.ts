import { buildTraceTree, drop, keep, type TraceDecision } from '@autoscope/core';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { SpanConverter } from '../convert/to-core-span.js';
import { ConnectorPass } from './connectors.js';

/** A SERVER root with `calls` CLIENT children (every third a database call) and an INTERNAL one. */
async function serverTrace(calls: number): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  const root = tracer.startSpan('GET /', { kind: SpanKind.SERVER });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  for (let k = 0; k < calls; k++) {
    const attributes = k % 3 === 2 ? { 'db.system.name': 'sqlite' } : {};
    tracer.startSpan(`call ${k}`, { kind: SpanKind.CLIENT, attributes }, ctx).end();
  }
  tracer.startSpan('work', {}, ctx).end();
  root.end();
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

function dropAllButRoot(readables: ReadableSpan[]): TraceDecision {
  const converter = new SpanConverter();
  const tree = buildTraceTree({
    traceId: readables[0]!.spanContext().traceId,
    spans: readables.map((r) => converter.toEngineSpan(r)),
  });
  return { tree, decisions: tree.spans.map((s) => (s.parentSpanId === '' ? keep('root') : drop('normal'))) };
}

describe('ConnectorPass', () => {
  it('keeps exactly the dropped connectors of each decision, answers reused or not', async () => {
    const pass = new ConnectorPass(['db.system.name']);
    for (const calls of [5, 2, 70, 1, 0, 5]) {
      const decision = dropAllButRoot(await serverTrace(calls));
      const before = decision.decisions.slice();
      const { decision: connected, placeholders } = pass.keep(decision);
      const { spans } = decision.tree;
      // CLIENT (OTLP kind 3) spans that are not database calls.
      const wanted = spans.filter((s) => s.kind === 3 && Number(s.name.slice(5)) % 3 !== 2);
      expect(placeholders ?? []).toEqual(wanted.map((s) => s.spanId));
      expect(connected.decisions).toHaveLength(spans.length);
      spans.forEach((s, i) => {
        const forced = wanted.includes(s);
        expect(connected.decisions[i]!.keep).toBe(before[i]!.keep || forced);
      });
      // The engine's decision is left as it was.
      expect(decision.decisions).toEqual(before);
      pass.release();
    }
  });
});
