import type { AddedAttributes } from '@autoscope/core';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { SpanConverter } from '../convert/to-core-span.js';
import { ExportCollector } from './export-collector.js';

const NOTHING_ADDED: AddedAttributes = { count: 0, at: () => ({ key: '', value: {} }) };

/** A root and `children` spans under it, the root last. */
async function flatTrace(children: number): Promise<ReadableSpan[]> {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  const root = tracer.startSpan('root');
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  for (let k = 0; k < children; k++) tracer.startSpan(`child ${k}`, {}, ctx).end();
  root.end();
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

describe('ExportCollector', () => {
  it('gives each decision exactly its own spans, after a huge one and after a larger one', async () => {
    const converter = new SpanConverter();
    const collector = new ExportCollector();
    const decide = (readables: ReadableSpan[], count: number) => {
      collector.start('', readables, undefined);
      for (let k = 0; k < count; k++) {
        collector.write(converter.toEngineSpan(readables[k]!), undefined, NOTHING_ADDED);
      }
      const ids = collector.ids.slice(0, collector.count);
      const spans: ReadableSpan[] = [];
      collector.finish({ add: (span) => spans.push(span) });
      return { spans, ids };
    };
    const huge = await flatTrace(5_000);
    const small = await flatTrace(2);
    for (const [readables, count] of [
      [huge, 5_001],
      [small, 3],
      [huge, 4_000],
      [small, 1],
    ] as const) {
      const { spans, ids } = decide(readables, count);
      expect(spans).toHaveLength(count);
      expect(ids).toEqual(readables.slice(0, count).map((s) => s.spanContext().spanId));
      // Unchanged spans are exported as the SDK's objects themselves.
      for (let k = 0; k < count; k++) expect(spans[k]).toBe(readables[k]);
    }
  });

  it('holds none of the spans or ids of a decision that threw half way once reset', async () => {
    const converter = new SpanConverter();
    const collector = new ExportCollector();
    const held = collector as unknown as { spans: unknown[]; exportedIds: unknown[] };
    const live = (a: unknown[]) => a.filter((x) => x !== undefined && x !== '').length;
    const readables = await flatTrace(10);
    collector.start('', readables, undefined);
    for (const s of readables.slice(0, 6))
      collector.write(converter.toEngineSpan(s), undefined, NOTHING_ADDED);
    collector.reset();
    expect(collector.count).toBe(0);
    expect(live(held.spans)).toBe(0);
    expect(live(held.exportedIds)).toBe(0);
  });

  it('holds none of the spans or ids of a finished decision, reused arrays or not', async () => {
    const converter = new SpanConverter();
    const collector = new ExportCollector();
    const held = collector as unknown as { spans: unknown[]; exportedIds: unknown[] };
    const live = (a: unknown[]) => a.filter((x) => x !== undefined && x !== '').length;
    for (const readables of [await flatTrace(3_999), await flatTrace(5_000), await flatTrace(1)]) {
      collector.start('', readables, undefined);
      for (const s of readables) collector.write(converter.toEngineSpan(s), undefined, NOTHING_ADDED);
      expect(collector.count).toBe(readables.length);
      const spans: ReadableSpan[] = [];
      collector.finish({ add: (span) => spans.push(span) });
      expect(spans).toEqual(readables);
      expect(live(held.spans)).toBe(0);
      expect(live(held.exportedIds)).toBe(0);
    }
  });
});
