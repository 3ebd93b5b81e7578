/** A real SDK provider around an AutoscopeSpanProcessor for the processor's tests, shut down after each test. */
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach } from 'vitest';
import { AutoscopeSpanProcessor } from '../src/autoscope-span-processor.js';
import type { AutoscopeSpanProcessorOptions } from '../src/processor/options.js';

const providers: BasicTracerProvider[] = [];
afterEach(async () => {
  for (const p of providers.splice(0)) await p.shutdown();
});

/**
 * A processor for service `orders` with a 0.1 span budget (the rest from `options`) in a provider that is
 * shut down after the test. `exporter` is the in-memory exporter it exports to unless `options` names one.
 */
export function processorProvider(options: Partial<AutoscopeSpanProcessorOptions>) {
  const exporter = new InMemorySpanExporter();
  const processor = new AutoscopeSpanProcessor({
    exporter,
    engine: { budgetUnit: 'spans', keepRatio: 0.1 },
    ...options,
  });
  const provider = new BasicTracerProvider({
    spanProcessors: [processor],
    resource: resourceFromAttributes({ 'service.name': 'orders' }),
  });
  providers.push(provider);
  return { exporter, processor, tracer: provider.getTracer('test') };
}
