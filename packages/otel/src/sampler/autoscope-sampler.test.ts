import { parseConfig } from '@autoscope/core';
import { ROOT_CONTEXT, type Span, type Tracer, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AutoscopeSampler } from './autoscope-sampler.js';

/** The seed document's example configuration, unchanged. */
const SEED = parseConfig(
  {
    version: '1.0',
    threshold: 0.3,
    spans: {
      handle_user_request: { sample: true, reason: 'error_handling, external_calls', priority: 0.8 },
      process_premium_user: { sample: true, reason: 'external_calls, high_complexity', priority: 0.6 },
      process_normal_user: { sample: false, priority: 0.1 },
    },
  },
  'seed',
);

function setup(sampler = new AutoscopeSampler(SEED)) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ sampler, spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracer: provider.getTracer('seed') };
}

function child(tracer: Tracer, parent: Span, name: string, attributes = {}): Span {
  return tracer.startSpan(name, { attributes }, trace.setSpan(ROOT_CONTEXT, parent));
}

function noOrphans(exporter: InMemorySpanExporter): void {
  const spans = exporter.getFinishedSpans();
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  for (const s of spans)
    if (s.parentSpanContext !== undefined) expect(ids.has(s.parentSpanContext.spanId)).toBe(true);
}

describe('AutoscopeSampler with the real SDK', () => {
  it('samples by the seed config, annotates priority and reason, and drops a subtree with its root', () => {
    const { exporter, tracer } = setup();
    const request = tracer.startSpan('handle_user_request');
    const premium = child(tracer, request, 'process_premium_user');
    child(tracer, premium, 'cache.get').end();
    premium.end();
    const normal = child(tracer, request, 'process_normal_user');
    expect(normal.isRecording()).toBe(false);
    const below = child(tracer, normal, 'db.query');
    expect(below.isRecording()).toBe(false);
    below.end();
    normal.end();
    request.end();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual([
      'cache.get',
      'handle_user_request',
      'process_premium_user',
    ]);
    const root = spans.find((s) => s.name === 'handle_user_request')!;
    expect(root.attributes['autoscope.priority']).toBe(0.8);
    expect(root.attributes['autoscope.reason']).toBe('error_handling, external_calls');
    expect(spans.find((s) => s.name === 'cache.get')!.attributes['autoscope.priority']).toBeUndefined();
    noOrphans(exporter);
  });

  it('overrides a drop when the start attributes show a failure, but never under a dropped parent', () => {
    const { exporter, tracer } = setup();
    const request = tracer.startSpan('handle_user_request');
    const failed = child(tracer, request, 'process_normal_user', { 'http.response.status_code': 503 });
    const normal = child(tracer, request, 'process_normal_user');
    const hidden = child(tracer, normal, 'process_normal_user', { 'error.type': 'Timeout' });
    for (const s of [hidden, normal, failed, request]) s.end();
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name).sort()).toEqual(['handle_user_request', 'process_normal_user']);
    expect(spans.find((s) => s.name === 'process_normal_user')!.attributes['autoscope.reason']).toBe(
      'error_override: http_status_503',
    );
    noOrphans(exporter);
  });

  it('respects an unsampled remote parent and applies hot-swapped config', () => {
    const sampler = new AutoscopeSampler(SEED);
    const { exporter, tracer } = setup(sampler);
    const remote = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 0,
      isRemote: true,
    });
    tracer.startSpan('handle_user_request', {}, remote).end();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    sampler.setConfig(
      parseConfig({ version: '1.0', overrides: [{ match: 'process_*', priority: 'critical' }] }, 'x'),
    );
    tracer.startSpan('process_normal_user').end();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['process_normal_user']);
    expect(sampler.toString()).toContain('threshold=0.3');
  });

  it('never orphans a descendant, for any tree and any rules (property)', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(30), fc.constantFrom(...names), fc.boolean()), {
          minLength: 1,
          maxLength: 30,
        }),
        (samples, shape) => {
          const spans = Object.fromEntries(names.map((n, i) => [n, { sample: samples[i]!, priority: 0.5 }]));
          const { exporter, tracer } = setup(
            new AutoscopeSampler(parseConfig({ version: '1.0', spans }, 'p')),
          );
          const started: Span[] = [tracer.startSpan('root')];
          for (const [parent, name, failing] of shape) {
            const attributes = failing ? { 'http.response.status_code': 500 } : {};
            started.push(child(tracer, started[parent % started.length]!, name, attributes));
          }
          for (const s of started.reverse()) s.end();
          noOrphans(exporter);
        },
      ),
      { numRuns: 100 },
    );
  });
});
