/**
 * Benchmark: the cost per span of AutoscopeSpanProcessor inside a real OpenTelemetry JS SDK
 * (sdk-trace-base 2.12.0), against a BatchSpanProcessor in the same run, both exporting to a no-op
 * exporter. Each round starts and ends the same request-shaped traces (a root, a handler, 8 children
 * with attributes) through a BasicTracerProvider, then calls forceFlush, so the Autoscope decision and
 * export are included. Costs are the process's CPU time (user + system), which other processes' load
 * on a shared machine does not inflate. A provider with a no-op processor gives the SDK's own cost per span.
 */

import { AutoscopeSpanProcessor } from '@autoscope/otel';
import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BenchReport, collect, median, QUICK } from './lib/report.js';

const TARGET_NS = 1000;
const SPANS_PER_TRACE = 10;
const SPANS_PER_ROUND = QUICK ? 50_000 : 200_000;
const ROUNDS = QUICK ? 3 : 7;

const noopExporter = {
  export(_spans, done) {
    done({ code: 0 });
  },
  async shutdown() {},
  async forceFlush() {},
};

const noopProcessor = {
  onStart() {},
  onEnd() {},
  async forceFlush() {},
  async shutdown() {},
};

const VARIANTS = {
  'no-op processor': () => noopProcessor,
  BatchSpanProcessor: () =>
    new BatchSpanProcessor(noopExporter, { maxQueueSize: SPANS_PER_ROUND * 2, maxExportBatchSize: 512 }),
  AutoscopeSpanProcessor: () =>
    new AutoscopeSpanProcessor({
      exporter: noopExporter,
      graceMs: 50,
      maxQueueSize: SPANS_PER_ROUND * 2,
      maxExportBatchSize: 512,
    }),
};

function runTraces(tracer, traces) {
  for (let t = 0; t < traces; t++) {
    const root = tracer.startSpan('GET /orders/:id', {
      attributes: { 'http.method': 'GET', 'http.route': '/orders/:id' },
    });
    const handler = tracer.startSpan('handler', undefined, trace.setSpan(ROOT_CONTEXT, root));
    const ctx = trace.setSpan(ROOT_CONTEXT, handler);
    for (let i = 0; i < SPANS_PER_TRACE - 2; i++) {
      const name = i % 4 === 0 ? 'cache.get' : 'db.query';
      const child = tracer.startSpan(
        name,
        { attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT 1' } },
        ctx,
      );
      child.end();
    }
    handler.end();
    root.end();
  }
}

/**
 * CPU time of this process (all threads, so the collector's helper threads count), in ns. CPU time, not
 * wall time: on a shared machine other processes' load stretches wall time but not this process's CPU.
 */
function cpuNanos() {
  const { user, system } = process.cpuUsage();
  return (user + system) * 1000;
}

/** Returns [CPU ns per span for the loop, CPU ns per span including forceFlush]. */
async function round(variant) {
  const processor = VARIANTS[variant]();
  const provider = new BasicTracerProvider({
    spanProcessors: [processor],
    resource: resourceFromAttributes({ 'service.name': 'orders' }),
  });
  const tracer = provider.getTracer('bench');
  const traces = SPANS_PER_ROUND / SPANS_PER_TRACE;
  runTraces(tracer, Math.min(traces, 2000));
  await provider.forceFlush();
  collect();
  const start = cpuNanos();
  runTraces(tracer, traces);
  const loop = cpuNanos() - start;
  await provider.forceFlush();
  const total = cpuNanos() - start;
  await provider.shutdown();
  return [loop / SPANS_PER_ROUND, total / SPANS_PER_ROUND];
}

async function main() {
  const report = new BenchReport('otel-processor');
  const results = {};
  for (const name of Object.keys(VARIANTS)) results[name] = { loop: [], total: [] };
  for (let r = 0; r < ROUNDS; r++) {
    for (const name of Object.keys(VARIANTS)) {
      const [loop, total] = await round(name);
      results[name].loop.push(loop);
      results[name].total.push(total);
    }
  }
  const m = (name, key) => median(results[name][key]);
  const sdk = m('no-op processor', 'total');
  const bsp = m('BatchSpanProcessor', 'total');
  const auto = m('AutoscopeSpanProcessor', 'total');
  const added = auto - bsp;
  report.note(
    `otel-processor: ${SPANS_PER_ROUND.toLocaleString('en-US')} spans per round (${SPANS_PER_TRACE}-span request traces with attributes), rounds interleaved, median of ${ROUNDS}, process CPU time (user + system, all threads); sdk-trace-base 2.12.0, no-op exporter; Autoscope with default engine options (keepRatio 0.1 of bytes), graceMs 50, maxBufferedSpans 20,000 (the synchronous loop fills the buffer, so most traces are decided on overflow)`,
  );
  report.note(
    `rounds (ns/span, incl. flush): no-op ${list(results['no-op processor'].total)}; BatchSpanProcessor ${list(results.BatchSpanProcessor.total)}; Autoscope ${list(results.AutoscopeSpanProcessor.total)}`,
  );
  report.row({
    benchmark: 'OTel SDK: AutoscopeSpanProcessor onEnd + decision + export, added per span',
    value: added,
    unit: 'ns/span',
    baseline: 'BatchSpanProcessor, same spans, same run',
    baselineValue: bsp - sdk,
    ratio: auto / bsp,
    target: `≤ ${TARGET_NS} ns/span added`,
    status: added <= TARGET_NS ? 'PASS' : 'MISS',
  });
  report.row({
    benchmark: 'OTel SDK: span start+end with AutoscopeSpanProcessor (total)',
    value: auto,
    unit: 'ns/span',
    baseline: 'BatchSpanProcessor (total)',
    baselineValue: bsp,
    ratio: auto / bsp,
    target: '-',
    status: 'info',
  });
  report.row({
    benchmark: 'OTel SDK: AutoscopeSpanProcessor onEnd alone (loop without flush), added per span',
    value: m('AutoscopeSpanProcessor', 'loop') - m('no-op processor', 'loop'),
    unit: 'ns/span',
    baseline: 'BatchSpanProcessor onEnd alone, added per span',
    baselineValue: m('BatchSpanProcessor', 'loop') - m('no-op processor', 'loop'),
    ratio:
      (m('AutoscopeSpanProcessor', 'loop') - m('no-op processor', 'loop')) /
      (m('BatchSpanProcessor', 'loop') - m('no-op processor', 'loop')),
    target: '-',
    status: 'info',
  });
  report.save();
}

function list(values) {
  return values.map((v) => v.toFixed(0)).join(', ');
}

await main();
