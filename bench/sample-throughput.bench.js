/**
 * Benchmark 2: `autoscope sample` throughput on OTLP/protobuf input, on one core, against decoding and
 * re-encoding the same file with no sampling (bench/lib/reencode.js) in the same run. The target is
 * judged on the TrainTicket day (a ~2 s run: process start, module loading and JIT compilation are
 * about a third of it); the same on three copies of the day (`copiesOf`) shows the rate of a longer run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CAN_PIN, runMeasured } from './lib/child.js';
import { writeFramedProtobuf } from './lib/otlp-input.js';
import { BenchReport, collect, median, QUICK } from './lib/report.js';
import { copiesOf, loadTraces, REPO_ROOT } from './lib/traces.js';

const TARGET = 150_000;
const REPEATS = QUICK ? 1 : 3;
const TMP = join(REPO_ROOT, '.bench-tmp');
const INPUT = join(TMP, 'throughput-in.pb');
const LONG_INPUT = join(TMP, 'throughput-in-3x.pb');
/** Copies of the day in the longer run's input. */
const LONG_FACTOR = 3;
const CLI = join(REPO_ROOT, 'packages', 'cli', 'bin', 'autoscope.js');
const REENCODE = join(REPO_ROOT, 'bench', 'lib', 'reencode.js');

async function main() {
  const report = new BenchReport('sample-throughput');
  const { source, traces } = await loadTraces({ maxSpans: QUICK ? 60_000 : Number.POSITIVE_INFINITY });
  const written = await writeFramedProtobuf(INPUT, traces);
  collect();
  report.note(
    `input: ${source} → ${written.spans.toLocaleString('en-US')} spans in ${written.requests} length-prefixed ExportTraceServiceRequests (Collector \`format: proto\` framing, whole traces per request), ${(written.bytes / 2 ** 20).toFixed(1)} MiB`,
  );
  const { sample, baseline, summary } = await runPairs(INPUT, REPEATS);
  const rate = median(sample.map((s) => s.rate));
  const baseRate = median(baseline.map((s) => s.rate));
  report.note(
    `${CAN_PIN ? 'pinned to CPU 0 with `taskset -c 0`' : 'taskset not available: not pinned'}; wall time of the whole process (startup included); median of ${REPEATS}; runs (spans/s): sample ${sample.map((s) => Math.round(s.rate)).join(', ')}; re-encode ${baseline.map((s) => Math.round(s.rate)).join(', ')}`,
  );
  const cpuRates = (runs) => runs.map((r) => Math.round(r.spans / cpuSeconds(r.run.stderr)));
  const cpuRate = median(cpuRates(sample));
  const cpuBaseRate = median(cpuRates(baseline));
  report.note(
    `CPU time (user + system, /usr/bin/time; less sensitive to other load than wall time): spans per CPU second, sample ${cpuRates(sample).join(', ')}; re-encode ${cpuRates(baseline).join(', ')}`,
  );
  report.note(
    `sample summary: spansIn ${summary.spansIn.toLocaleString('en-US')}, spansOut ${summary.spansOut.toLocaleString('en-US')}, size reduction ${(100 * summary.sizeReduction).toFixed(1)}%, its own timer ${summary.seconds.toFixed(2)} s; peak RSS sample ${mib(sample[0].run.peakRssKiB)} MiB, re-encode ${mib(baseline[0].run.peakRssKiB)} MiB`,
  );
  report.row({
    benchmark: '`autoscope sample` on OTLP protobuf, 1 core',
    value: rate,
    unit: 'spans/s',
    baseline: 'read → encode → write, no sampling',
    baselineValue: baseRate,
    ratio: rate / baseRate,
    target: `≥ ${TARGET.toLocaleString('en-US')} spans/s`,
    status: rate >= TARGET ? 'PASS' : 'MISS',
  });
  // The same runs by CPU time: what one core does when other processes share it (wall time then counts
  // their share too). Information only; the target is judged on wall time.
  report.row({
    benchmark: '`autoscope sample` on OTLP protobuf, per CPU second (user + sys)',
    value: cpuRate,
    unit: 'spans/s',
    baseline: 'read → encode → write, no sampling, per CPU second',
    baselineValue: cpuBaseRate,
    ratio: cpuRate / cpuBaseRate,
    target: '-',
    status: 'info',
  });
  const long = await writeFramedProtobuf(LONG_INPUT, copiesOf(traces, LONG_FACTOR));
  collect();
  const longRuns = await runPairs(LONG_INPUT, REPEATS);
  const longRate = median(longRuns.sample.map((s) => s.rate));
  const longBaseRate = median(longRuns.baseline.map((s) => s.rate));
  report.note(
    `longer run: ${LONG_FACTOR} copies of the day (trace ids prefixed, times shifted), ${long.spans.toLocaleString('en-US')} spans, ${(long.bytes / 2 ** 20).toFixed(1)} MiB; runs (spans/s): sample ${longRuns.sample.map((s) => Math.round(s.rate)).join(', ')}; re-encode ${longRuns.baseline.map((s) => Math.round(s.rate)).join(', ')}; sample size reduction ${(100 * longRuns.summary.sizeReduction).toFixed(1)}%`,
  );
  report.row({
    benchmark: `\`autoscope sample\` on OTLP protobuf, 1 core, ${LONG_FACTOR}× the day (${long.spans.toLocaleString('en-US')} spans)`,
    value: longRate,
    unit: 'spans/s',
    baseline: 'read → encode → write, no sampling',
    baselineValue: longBaseRate,
    ratio: longRate / longBaseRate,
    target: '-',
    status: 'info',
  });
  report.save();
}

/** The bench's files in .bench-tmp (the inputs are written again by every run). */
function removeTemporaries() {
  for (const name of [INPUT, LONG_INPUT, join(TMP, 'out.pb'), join(TMP, 'reencoded.pb')])
    rmSync(name, { force: true });
}

/** `repeats` pinned runs of `autoscope sample` and of the re-encode baseline on `input`, alternating. */
async function runPairs(input, repeats) {
  const sample = [];
  const baseline = [];
  let summary;
  for (let r = 0; r < repeats; r++) {
    const run = await runMeasured(
      process.execPath,
      [CLI, 'sample', '--in', input, '--out', join(TMP, 'out.pb'), '--json', '-q'],
      { cwd: REPO_ROOT, pin: true },
    );
    summary = JSON.parse(run.stdout);
    sample.push({ rate: summary.spansIn / run.seconds, run, spans: summary.spansIn });
    const base = await runMeasured(process.execPath, [REENCODE, input, join(TMP, 'reencoded.pb')], {
      cwd: REPO_ROOT,
      pin: true,
    });
    const baseSpans = JSON.parse(base.stdout).spans;
    baseline.push({ rate: baseSpans / base.seconds, run: base, spans: baseSpans });
  }
  return { sample, baseline, summary };
}

/** User + system seconds from `/usr/bin/time -v` output; NaN when absent. */
function cpuSeconds(stderr) {
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  return user === null || system === null ? Number.NaN : Number(user[1]) + Number(system[1]);
}

function mib(kib) {
  return (kib / 1024).toFixed(0);
}

try {
  await main();
} finally {
  removeTemporaries();
}
