/**
 * Benchmark: the cost per span of AutoscopeSpanProcessor inside a real OpenTelemetry JS SDK
 * (sdk-trace-base 2.12.0), against a BatchSpanProcessor in the same run, both exporting to a no-op
 * exporter. Two workloads: request-shaped traces (a root, a handler, 8 children with attributes) in one
 * synchronous loop, so the buffer overflows and traces are decided early; and small local traces like
 * the demo's services produce (a SERVER root, a database and a cache span, one CLIENT call), flushed
 * every 100 traces, so each is decided as in a service. forceFlush is inside the measurement, so the
 * Autoscope decision and export are included. Costs are the process's CPU time (user + system), which
 * other processes' load on a shared machine does not inflate. A provider with a no-op processor gives the
 * SDK's own cost per span. Last, the decision of one small local trace is split into its parts (SDK span
 * to core span conversion, and the core's buildTraceTree, engine.decide and materializeInto), warm. The parts
 * run back to back on many traces, so they miss what the whole row includes: the GC of their garbage with
 * the SDK's live spans around, the processor's buffering and export, and cold caches between requests.
 */

import {
  AutoscopeEngine,
  buildTraceTree,
  materializeInto,
  resolveEngineOptions,
  ShapePublisher,
} from '@autoscope/core';
import { AutoscopeSpanProcessor, SpanConverter } from '@autoscope/otel';
import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { BenchReport, collect, median, QUICK } from './lib/report.js';

const TARGET_NS = 1000;
const SPANS_PER_TRACE = 10;
const SPANS_PER_ROUND = QUICK ? 50_000 : 200_000;
const ROUNDS = QUICK ? 3 : 7;
const LOCAL_SPANS = 4;
const LOCAL_TRACES_PER_ROUND = QUICK ? 10_000 : 30_000;
// A service deciding 500 ms after each root holds a few hundred spans at a time, not thousands: flushing
// every 100 traces keeps as many ended spans alive as the demo's services do (live spans make every
// young-generation GC copy them, so holding more would overstate the cost).
const LOCAL_FLUSH_EVERY = 100;

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

/** A demo-service-like local trace: SERVER root, a database span, a cache span and a CLIENT call. */
function runLocalTraces(tracer, traces) {
  for (let t = 0; t < traces; t++) {
    const root = tracer.startSpan('GET /orders/:id', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'http.route': '/orders/:id', 'url.path': `/orders/${t}` },
    });
    const ctx = trace.setSpan(ROOT_CONTEXT, root);
    const db = tracer.startSpan(
      'SELECT orders',
      { attributes: { 'db.system': 'sqlite', 'db.statement': 'SELECT * FROM orders WHERE id = ?' } },
      ctx,
    );
    db.end();
    const cache = tracer.startSpan('GET cache:users', { attributes: { 'cache.hit': t % 3 !== 0 } }, ctx);
    cache.end();
    const call = tracer.startSpan(
      'GET /users/{id}',
      { kind: SpanKind.CLIENT, attributes: { 'http.request.method': 'GET', 'server.port': 8080 } },
      ctx,
    );
    call.end();
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

/** CPU ns per local trace (start, end, decision, export), flushing every LOCAL_FLUSH_EVERY traces. */
async function localRound(variant) {
  const provider = new BasicTracerProvider({
    spanProcessors: [VARIANTS[variant]()],
    resource: resourceFromAttributes({ 'service.name': 'orders' }),
  });
  const tracer = provider.getTracer('bench');
  for (let k = 0; k < 3_000 / LOCAL_FLUSH_EVERY; k++) {
    runLocalTraces(tracer, LOCAL_FLUSH_EVERY);
    await provider.forceFlush();
  }
  collect();
  const start = cpuNanos();
  for (let done = 0; done < LOCAL_TRACES_PER_ROUND; done += LOCAL_FLUSH_EVERY) {
    runLocalTraces(tracer, LOCAL_FLUSH_EVERY);
    await provider.forceFlush();
  }
  const total = cpuNanos() - start;
  await provider.shutdown();
  return total / LOCAL_TRACES_PER_ROUND;
}

/**
 * The parts of one local trace's decision, warm, in CPU ns per trace (median over chunks of 500 traces):
 * the SDK-to-core conversion the processor does, and the core's work (the same engine options,
 * structure mode and byte sizes as the processor's defaults).
 */
function decisionParts() {
  const ended = [];
  const provider = new BasicTracerProvider({
    spanProcessors: [
      { onStart() {}, onEnd: (s) => ended.push(s), forceFlush: async () => {}, shutdown: async () => {} },
    ],
    resource: resourceFromAttributes({ 'service.name': 'orders' }),
  });
  const traces = QUICK ? 10_000 : 40_000;
  runLocalTraces(provider.getTracer('bench'), traces);
  const options = resolveEngineOptions({});
  const engine = new AutoscopeEngine(options, { sizeOf: (span) => span.bytes });
  const output = {
    structure: options.structure,
    annotate: options.annotate,
    publisher: new ShapePublisher(),
  };
  const converter = new SpanConverter();
  const parts = { convert: [], tree: [], decide: [], materialize: [] };
  // The processor's path: materializeInto hands each output span to a sink (the processor's turns it
  // into a ReadableSpan at once); this one only reads what it is given. materialize() would also make
  // the changed copies, with an object spread of each (slow for the processor's engine spans, a class).
  let written = 0;
  const countingSink = {
    write(_span, _parentSpanId, added) {
      written += 1 + added.count;
    },
  };
  const CHUNK = 500;
  for (let c = 0; c < traces; c += CHUNK) {
    const t0 = cpuNanos();
    const converted = [];
    for (let t = c; t < c + CHUNK; t++) {
      const spans = new Array(LOCAL_SPANS);
      for (let i = 0; i < LOCAL_SPANS; i++) spans[i] = converter.toEngineSpan(ended[t * LOCAL_SPANS + i]);
      converted.push(spans);
    }
    const t1 = cpuNanos();
    const trees = converted.map((spans) => buildTraceTree({ traceId: spans[0].traceId, spans }));
    const t2 = cpuNanos();
    const decisions = trees.map((tree) => engine.decide(tree));
    const t3 = cpuNanos();
    for (let k = 0; k < decisions.length; k++) materializeInto(decisions[k], output, countingSink);
    const t4 = cpuNanos();
    // The first half warms V8 up (a service decides such traces for hours).
    if (c >= traces / 2) {
      parts.convert.push((t1 - t0) / CHUNK);
      parts.tree.push((t2 - t1) / CHUNK);
      parts.decide.push((t3 - t2) / CHUNK);
      parts.materialize.push((t4 - t3) / CHUNK);
    }
  }
  const m = (key) => median(parts[key]);
  if (written === 0) throw new Error('materializeInto wrote nothing');
  return { convert: m('convert'), tree: m('tree'), decide: m('decide'), materialize: m('materialize') };
}

async function main() {
  const report = new BenchReport('otel-processor');
  const results = {};
  for (const name of Object.keys(VARIANTS)) results[name] = { loop: [], total: [], local: [] };
  for (let r = 0; r < ROUNDS; r++) {
    // Every other round in reverse order: a variant's cost moved by up to ~15% with its place in the
    // round (the heap and JIT state the previous variant left), which a fixed order turns into a bias.
    const names = Object.keys(VARIANTS);
    for (const name of r % 2 === 0 ? names : names.reverse()) {
      const [loop, total] = await round(name);
      results[name].loop.push(loop);
      results[name].total.push(total);
      results[name].local.push(await localRound(name));
    }
  }
  const m = (name, key) => median(results[name][key]);
  const sdk = m('no-op processor', 'total');
  const bsp = m('BatchSpanProcessor', 'total');
  const auto = m('AutoscopeSpanProcessor', 'total');
  const added = auto - bsp;
  report.note(
    `otel-processor: ${SPANS_PER_ROUND.toLocaleString('en-US')} spans per round (${SPANS_PER_TRACE}-span request traces with attributes), rounds interleaved (every other round in reverse order), median of ${ROUNDS}, process CPU time (user + system, all threads); sdk-trace-base 2.12.0, no-op exporter; Autoscope with default engine options (keepRatio 0.1 of bytes), graceMs 50, maxBufferedSpans 20,000 (the synchronous loop fills the buffer, so most traces are decided on overflow)`,
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
  const localSdk = m('no-op processor', 'local');
  const localBsp = m('BatchSpanProcessor', 'local');
  const localAuto = m('AutoscopeSpanProcessor', 'local');
  const localAdded = (localAuto - localBsp) / LOCAL_SPANS;
  report.row({
    benchmark: `OTel SDK: AutoscopeSpanProcessor, ${LOCAL_SPANS}-span local traces (demo-like), added per span`,
    value: localAdded,
    unit: 'ns/span',
    baseline: 'BatchSpanProcessor, same spans, same run',
    baselineValue: (localBsp - localSdk) / LOCAL_SPANS,
    ratio: localAuto / localBsp,
    target: `≤ ${TARGET_NS} ns/span added`,
    status: localAdded <= TARGET_NS ? 'PASS' : 'MISS',
  });
  const parts = decisionParts();
  const whole = localAdded * LOCAL_SPANS;
  const partRow = (benchmark, value) =>
    report.row({
      benchmark,
      value,
      unit: 'ns/trace',
      baseline: `the whole added cost of such a trace (${LOCAL_SPANS} × the row above)`,
      baselineValue: whole,
      ratio: value / whole,
      target: '-',
      status: 'info',
    });
  const core = parts.tree + parts.decide + parts.materialize;
  partRow(
    `core decision of one ${LOCAL_SPANS}-span local trace (buildTraceTree + engine.decide + materializeInto), warm`,
    core,
  );
  partRow('  of which buildTraceTree', parts.tree);
  partRow('  of which AutoscopeEngine.decide', parts.decide);
  partRow('  of which materializeInto (reparent, a sink that keeps nothing)', parts.materialize);
  partRow(
    `SDK span to core span conversion (SpanConverter.toEngineSpan) of one ${LOCAL_SPANS}-span local trace, warm`,
    parts.convert,
  );
  report.note(
    `otel-processor: local traces: ${LOCAL_TRACES_PER_ROUND.toLocaleString('en-US')} ${LOCAL_SPANS}-span traces per round, forceFlush every ${LOCAL_FLUSH_EVERY.toLocaleString('en-US')} (no overflow), after 3,000 warm-up traces; rounds (ns/trace): no-op ${list(results['no-op processor'].local)}; BatchSpanProcessor ${list(results.BatchSpanProcessor.local)}; Autoscope ${list(results.AutoscopeSpanProcessor.local)}`,
  );
  report.save();
}

function list(values) {
  return values.map((v) => v.toFixed(0)).join(', ');
}

await main();
