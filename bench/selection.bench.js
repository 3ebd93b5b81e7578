/**
 * Benchmark 1: selection cost per span, excluding I/O. AutoscopeEngine.decide() on pre-built trees,
 * against a keep-everything strategy in the same loop and against buildTraceTree alone; then the cost of
 * materialize() per input span. Each round uses a fresh engine (so learning costs are included as in a
 * real first pass) after a JIT warm-up round on a separate engine. The warm-up's engines stay
 * alive to the end, as a sampler's engine does; no full GC is forced between rounds, and the timed loops
 * consume each result as it comes instead of holding a whole day of them. Measured in one
 * process (TrainTicket day 1, CPU time, interleaved): a round right after a forced full GC cost 2.1 times
 * one without (V8 re-optimised about 100-200 functions in it: with the warm-up engine dead, its objects'
 * maps were collected and the code depending on them discarded), and still 1.4 times with the warm-up
 * engine alive (the forced GC's sweeping of the bench's own ~200 MB of input). A second input, the first
 * 4 spans (by start) of each trace, 8 times over, measures the fixed cost per small trace that an
 * in-process span processor pays (one local trace of a few spans per request). `decide()` is timed on
 * trees built beforehand; building and deciding each trace in one loop is timed too, so work that moves
 * between the two (span durations are read while building since TraceTree.durations) is seen as a whole.
 */
import { AutoscopeEngine, buildTraceTree, keep, materialize, ShapePublisher } from '@autoscope/core';
import { BenchReport, collect, median, QUICK } from './lib/report.js';
import { loadTraces, spanCount } from './lib/traces.js';

const TARGET_NS = 500;
const MIN_SPANS = QUICK ? 60_000 : 300_000;
const ROUNDS = QUICK ? 2 : 9;
/** Spans per trace of the small-trace input. */
const SMALL_SPANS = 4;

function byStart(a, b) {
  return a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0;
}

/** The baseline: keeps every span, same interface and loop as the engine. */
class KeepAll {
  name = 'keep-all';
  traceLevel = false;
  describe() {
    return 'keep-all';
  }
  decide(tree) {
    const decisions = new Array(tree.spans.length);
    for (let i = 0; i < decisions.length; i++) decisions[i] = keep('sampled', 0);
    return { tree, decisions };
  }
}

/** Warm-up state kept alive until the end (see the file comment). */
const keptAlive = [];

/**
 * Nanoseconds per span of `fn(item)` over `items`, `passes` times; returns [nsPerSpan, sum of what `fn`
 * returned per pass]. Results are consumed as they come (`fn` returns a count), not held: a sampler hands
 * each decision on at once, and holding a whole day of them made the rounds pay for promoting them.
 */
function timePerSpan(items, spansPerPass, passes, fn) {
  let sum = 0;
  const start = process.hrtime.bigint();
  for (let p = 0; p < passes; p++) {
    for (let i = 0; i < items.length; i++) sum += fn(items[i]);
  }
  const ns = Number(process.hrtime.bigint() - start);
  return [ns / (spansPerPass * passes), sum / passes];
}

function measure(name, rounds, run) {
  const values = [];
  let sum = 0;
  for (let r = 0; r < rounds; r++) {
    const [ns, perPass] = run();
    values.push(ns);
    sum = perPass;
  }
  return { name, ns: median(values), all: values, sum };
}

async function main() {
  const report = new BenchReport('selection');
  const { source, traces } = await loadTraces({ maxSpans: QUICK ? MIN_SPANS : Number.POSITIVE_INFINITY });
  const trees = traces.map(buildTraceTree);
  const spans = trees.reduce((n, t) => n + t.spans.length, 0);
  const passes = Math.max(1, Math.ceil(MIN_SPANS / spans));
  report.note(
    `selection input: ${source}; ${trees.length.toLocaleString('en-US')} traces, ${spans.toLocaleString('en-US')} unique spans (${(spanCount(traces) - spans).toLocaleString('en-US')} duplicate rows dropped by buildTraceTree); ${passes} pass(es) per round, median of ${ROUNDS} rounds, ${(spans * passes).toLocaleString('en-US')} spans per round`,
  );

  // Warm-up: one full pass of each code path on state kept alive, so all rounds run optimised code.
  collect();
  const warm = new AutoscopeEngine({ keepRatio: 0.1 });
  const warmDecisions = trees.map((t) => warm.decide(t));
  const warmPublisher = new ShapePublisher();
  for (const d of warmDecisions)
    materialize(d, { structure: 'reparent', annotate: false, publisher: warmPublisher });
  for (const t of traces) buildTraceTree(t);
  const keepAllWarm = new KeepAll();
  for (const t of trees) keepAllWarm.decide(t);
  const warmBuilt = new AutoscopeEngine({ keepRatio: 0.1 });
  for (const t of traces) warmBuilt.decide(buildTraceTree(t));
  keptAlive.push(warm, warmPublisher, keepAllWarm, warmBuilt);

  const engine = measure('engine', ROUNDS, () => {
    const e = new AutoscopeEngine({ keepRatio: 0.1 });
    return timePerSpan(trees, spans, passes, (t) => e.decide(t).decisions.length);
  });
  const keepAll = measure('keep-all', ROUNDS, () => {
    const s = new KeepAll();
    return timePerSpan(trees, spans, passes, (t) => s.decide(t).decisions.length);
  });
  const build = measure('buildTraceTree', ROUNDS, () =>
    timePerSpan(traces, spans, passes, (t) => buildTraceTree(t).spans.length),
  );
  // What a sampler pays per trace: work moved between building and deciding shows here, not above.
  const builtAndDecided = measure('buildTraceTree + decide', ROUNDS, () => {
    const e = new AutoscopeEngine({ keepRatio: 0.1 });
    return timePerSpan(traces, spans, passes, (t) => e.decide(buildTraceTree(t)).decisions.length);
  });
  // materialize's input: one more fresh engine's decisions (untimed), dropped after its rounds.
  const decider = new AutoscopeEngine({ keepRatio: 0.1 });
  let decisions = trees.map((t) => decider.decide(t));
  const keptSpans = decisions.reduce((n, d) => n + d.decisions.filter((x) => x.keep).length, 0);
  const mat = measure('materialize', ROUNDS, () => {
    const publisher = new ShapePublisher();
    return timePerSpan(
      decisions,
      spans,
      passes,
      (d) => materialize(d, { structure: 'reparent', annotate: false, publisher }).length,
    );
  });
  const outSpans = mat.sum;
  decisions = undefined;

  // Small traces: the first SMALL_SPANS spans of each trace (new span objects, as a processor's spans are).
  const small = [];
  for (let copy = 0; copy < 8; copy++) {
    for (const t of traces) {
      const spans = [...t.spans]
        .sort(byStart)
        .slice(0, SMALL_SPANS)
        .map((span) => ({ ...span }));
      small.push(buildTraceTree({ traceId: t.traceId, spans }));
    }
  }
  const smallSpans = small.reduce((n, t) => n + t.spans.length, 0);
  const smallPasses = Math.max(1, Math.ceil(MIN_SPANS / smallSpans));
  const smallWarm = new AutoscopeEngine({ keepRatio: 0.1 });
  for (const t of small) smallWarm.decide(t);
  keptAlive.push(smallWarm);
  const smallEngine = measure('engine, small traces', ROUNDS, () => {
    const e = new AutoscopeEngine({ keepRatio: 0.1 });
    return timePerSpan(small, smallSpans, smallPasses, (t) => e.decide(t).decisions.length);
  });
  const smallKeepAll = measure('keep-all, small traces', ROUNDS, () => {
    const s = new KeepAll();
    return timePerSpan(small, smallSpans, smallPasses, (t) => s.decide(t).decisions.length);
  });

  report.note(
    `engine kept ${((100 * keptSpans) / spans).toFixed(1)}% of spans (keepRatio 0.1 of bytes; roots, errors and new structure are always kept); materialize wrote ${outSpans.toLocaleString('en-US')} spans`,
  );
  report.note(
    `rounds (ns/span): engine ${list(engine.all)}; keep-all ${list(keepAll.all)}; buildTraceTree ${list(build.all)}; buildTraceTree + decide ${list(builtAndDecided.all)}; materialize ${list(mat.all)}`,
  );
  const perTrace = smallSpans / small.length;
  report.note(
    `small traces: the first ${SMALL_SPANS} spans (by start) of each trace, 8 copies: ${small.length.toLocaleString('en-US')} traces of ${perTrace.toFixed(2)} spans on average; rounds (ns/span): engine ${list(smallEngine.all)}; keep-all ${list(smallKeepAll.all)}`,
  );

  report.row({
    benchmark: 'Selection: `AutoscopeEngine.decide()` (keepRatio 0.1)',
    value: engine.ns,
    unit: 'ns/span',
    baseline: 'keep-all strategy, same loop',
    baselineValue: keepAll.ns,
    ratio: engine.ns / keepAll.ns,
    target: `≤ ${TARGET_NS} ns/span`,
    status: engine.ns <= TARGET_NS ? 'PASS' : 'MISS',
  });
  report.row({
    benchmark: `Selection on small traces (${SMALL_SPANS} spans each): \`decide()\` per trace`,
    value: smallEngine.ns * perTrace,
    unit: 'ns/trace',
    baseline: 'keep-all strategy, same loop',
    baselineValue: smallKeepAll.ns * perTrace,
    ratio: smallEngine.ns / smallKeepAll.ns,
    target: '-',
    status: 'info',
  });
  report.row({
    benchmark: 'Selection vs tree building',
    value: engine.ns,
    unit: 'ns/span',
    baseline: '`buildTraceTree()` alone',
    baselineValue: build.ns,
    ratio: engine.ns / build.ns,
    target: '-',
    status: 'info',
  });
  report.row({
    benchmark: 'Selection including tree building: `buildTraceTree()` + `decide()`',
    value: builtAndDecided.ns,
    unit: 'ns/span',
    baseline: '`buildTraceTree()` alone',
    baselineValue: build.ns,
    ratio: builtAndDecided.ns / build.ns,
    target: '-',
    status: 'info',
  });
  report.row({
    benchmark: '`materialize()` (reparent, no annotations)',
    value: mat.ns,
    unit: 'ns/input span',
    baseline: 'keep-all strategy, same loop',
    baselineValue: keepAll.ns,
    ratio: mat.ns / keepAll.ns,
    target: '-',
    status: 'info',
  });
  report.note(
    `method: a JIT warm-up pass per input on an engine kept alive to the end (${keptAlive.length} warm-up objects held), no full GC forced between rounds, wall time (process.hrtime)`,
  );
  report.save();
}

function list(values) {
  return values.map((v) => v.toFixed(0)).join(', ');
}

await main();
