import type { AutoscopeConfig } from '@autoscope/core';
import { type Tracer, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { FaultInjector } from './fault-injector.js';
import {
  createSampledProcessor,
  FULL_BATCH_OPTIONS,
  type SampledProcessorKind,
} from './sampled-processor.js';
import { SpanFileExporter } from './span-file-exporter.js';

/** Where a service's two span streams go. */
export interface TelemetryOptions {
  readonly service: string;
  /** Every span, as OTLP JSON lines (the full dataset). */
  readonly fullPath?: string;
  /** The sampled stream, as OTLP JSON lines; absent: no sampled stream. */
  readonly sampledPath?: string;
  readonly processor: SampledProcessorKind;
  readonly config?: AutoscopeConfig;
}

/** A service's tracing: its tracer, fault state and a clean shutdown. */
export interface Telemetry {
  readonly tracer: Tracer;
  readonly faults: FaultInjector;
  /** Spans ended so far in this process. */
  spansEnded(): number;
  /** Flushes both streams and closes their files. */
  shutdown(): Promise<void>;
}

/**
 * Sets up the real OpenTelemetry SDK for one demo service: a `NodeTracerProvider` (AsyncLocalStorage
 * context, W3C propagation), the HTTP instrumentation, and three processors in order: the fault
 * injector's ground-truth recorder, a `BatchSpanProcessor` writing every span, and the sampled stream.
 * Call before loading `node:http` (see `loadHttp`).
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const faults = new FaultInjector();
  let ended = 0;
  const counter: SpanProcessor = {
    onStart: () => {},
    onEnd: () => {
      ended++;
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const processors: SpanProcessor[] = [faults, counter];
  if (options.fullPath !== undefined) {
    processors.push(new BatchSpanProcessor(new SpanFileExporter(options.fullPath), FULL_BATCH_OPTIONS));
  }
  if (options.sampledPath !== undefined) {
    const exporter = new SpanFileExporter(options.sampledPath);
    processors.push(createSampledProcessor(options.processor, exporter, options.config));
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.service,
      'service.instance.id': `${options.service}-${process.pid}`,
      'service.namespace': 'autoscope-demo',
    }),
    spanProcessors: processors,
  });
  provider.register();
  const instrumentation = new HttpInstrumentation({
    requestHook: (span, request) => {
      if ('path' in request) span.updateName(`${request.method} ${routeOf(request.path)}`);
    },
  });
  const unregister = registerInstrumentations({ instrumentations: [instrumentation] });
  return {
    tracer: trace.getTracer(`autoscope-demo.${options.service}`, '0.1.0'),
    faults,
    spansEnded: () => ended,
    shutdown: async () => {
      faults.dispose();
      unregister();
      await provider.shutdown();
    },
  };
}

/** A client span name without ids and query (`/users/17/preferences` → `/users/{id}/preferences`). */
export function routeOf(path: string): string {
  return path.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/{id}');
}
