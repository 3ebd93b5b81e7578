/**
 * Benchmark 3: peak memory while streaming. Writes OTLP/JSON lines files holding 1×, 3× and 10× a base set
 * of traces (copies get fresh trace ids and are shifted later in time, as new traffic would be), runs
 * `autoscope sample` on each (RUNS times: a peak is one extreme value of a noisy process, so the median of
 * runs is reported) and reads its peak RSS and the live JS heap after each full GC. Streaming means
 * neither grows with the input.
 */

import { once } from 'node:events';
import { createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { stringifyTraceRequestJson } from '@autoscope/otlp';
import { RSS_METHOD, runMeasured } from './lib/child.js';
import { requestsOf } from './lib/otlp-input.js';
import { BenchReport, collect, median, QUICK } from './lib/report.js';
import { copiesOf, copyShift, loadTraces, REPO_ROOT, spanCount } from './lib/traces.js';

/** Full run: 1×, 3× and 10× the whole TrainTicket day (10× ≈ 3.3M spans); quick: a 10k-span base. */
const BASE_SPANS = QUICK ? 10_000 : Number.POSITIVE_INFINITY;
const FACTORS = [1, 3, 10];
/** Runs per input size; the median peak is reported. */
const RUNS = QUICK ? 1 : 3;
/** Allowed growth of peak RSS from 1× to 10× input to still call it flat. */
const FLAT_TOLERANCE = 1.25;
const TMP = join(REPO_ROOT, '.bench-tmp');
const CLI = join(REPO_ROOT, 'packages', 'cli', 'bin', 'autoscope.js');

async function main() {
  const report = new BenchReport('streaming-memory');
  const { source, traces } = await loadTraces({ maxSpans: BASE_SPANS });
  const base = spanCount(traces);
  const shift = copyShift(traces);
  report.note(
    `base: ${source}, ${base.toLocaleString('en-US')} span rows (${traces.length} traces); copy k gets trace ids prefixed with k and times shifted by k × ${(Number(shift) / 1e9).toFixed(0)} s; OTLP/JSON lines, one request per ~1000 spans of whole traces; peak RSS by ${RSS_METHOD}`,
  );
  const results = [];
  for (const factor of FACTORS) {
    const path = join(TMP, `memory-${factor}x.jsonl`);
    const bytes = await writeCopies(path, traces, factor);
    const runs = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        collect();
        runs.push(await sampleOnce(path));
      }
    } finally {
      rmSync(path, { force: true });
    }
    results.push({
      factor,
      rss: median(runs.map((r) => r.rss)),
      rssRuns: runs.map((r) => r.rss),
      liveHeap: median(runs.map((r) => r.liveHeap)),
      settledHeap: median(runs.map((r) => r.settledHeap)),
      spansIn: runs[0].spansIn,
      bytes,
      seconds: median(runs.map((r) => r.seconds)),
    });
  }
  const first = results[0];
  for (const r of results) {
    const growth = r.rss / first.rss;
    const isLast = r === results[results.length - 1];
    report.row({
      benchmark: `Peak RSS, \`autoscope sample\` on ${r.factor}× input (${r.spansIn.toLocaleString('en-US')} spans, ${(r.bytes / 2 ** 20).toFixed(0)} MiB JSON)`,
      value: r.rss,
      unit: 'MiB',
      baseline: r === first ? undefined : 'peak RSS at 1×',
      baselineValue: first.rss,
      ratio: r === first ? undefined : growth,
      target: isLast ? `flat (10×/1× ≤ ${FLAT_TOLERANCE})` : '-',
      status: isLast ? (growth <= FLAT_TOLERANCE ? 'PASS' : 'MISS') : 'info',
    });
  }
  const last = results[results.length - 1];
  report.row({
    benchmark: `Live JS heap after full GCs, largest per run, on ${last.factor}× input`,
    value: last.liveHeap,
    unit: 'MB',
    baseline: 'the same at 1×',
    baselineValue: first.liveHeap,
    ratio: last.liveHeap / first.liveHeap,
    target: '-',
    status: 'info',
  });
  report.note(
    `peak RSS per run (MiB; median of ${RUNS} in the table): ${results.map((r) => `${r.factor}× ${r.rssRuns.map((x) => x.toFixed(0)).join('/')}`).join(', ')}`,
  );
  report.note(
    `live JS heap after each full GC (node --trace-gc, Mark-Compact; median of runs): largest per run ${results.map((r) => `${r.factor}× ${r.liveHeap.toFixed(1)} MB`).join(', ')}; median of the second half of each run's full GCs ${results.map((r) => `${r.factor}× ${r.settledHeap.toFixed(1)} MB`).join(', ')}: what the sampler holds (assembler window, lookback window, bounded caches, the reader's chunk in flight). Peak RSS adds V8's heap headroom: old space grows for the first ~10 s of a run before it levels off, longer than a 1× run lasts`,
  );
  report.note(
    `wall time per run (median): ${results.map((r) => `${r.factor}× ${r.seconds.toFixed(1)} s (${Math.round(r.spansIn / r.seconds).toLocaleString('en-US')} spans/s on JSON)`).join(', ')}`,
  );
  report.save();
}

/** Runs `autoscope sample` on `path` once: peak RSS (MiB), live heaps (MB), spans in, wall seconds. */
async function sampleOnce(path) {
  const run = await runMeasured(
    process.execPath,
    ['--trace-gc', CLI, 'sample', '--in', path, '--out', join(TMP, 'memory-out.pb'), '--json', '-q'],
    { cwd: REPO_ROOT },
  );
  const { summary, liveHeap, settledHeap } = parseTraced(run.stdout);
  return {
    rss: run.peakRssKiB / 1024,
    liveHeap,
    settledHeap,
    spansIn: summary.spansIn,
    seconds: run.seconds,
  };
}

/**
 * Splits `--trace-gc` output from the JSON summary; returns the summary, the largest post-GC heap (MB)
 * and the median post-GC heap over the second half of the run's full GCs (past the start-up ones).
 */
function parseTraced(stdout) {
  const heaps = [...stdout.matchAll(/Mark-Compact [\d.]+ \([\d.]+\) -> ([\d.]+) \(/g)].map((m) =>
    Number(m[1]),
  );
  const start = stdout.startsWith('{') ? 0 : stdout.indexOf('\n{') + 1;
  return {
    summary: JSON.parse(stdout.slice(start, stdout.lastIndexOf('}') + 1)),
    liveHeap: Math.max(0, ...heaps),
    settledHeap: heaps.length === 0 ? 0 : median(heaps.slice(heaps.length >> 1)),
  };
}

/** Writes `factor` copies of the traces (`copiesOf`) as OTLP/JSON lines; resolves to the bytes written. */
async function writeCopies(path, traces, factor) {
  const out = createWriteStream(path);
  let bytes = 0;
  for (const request of requestsOf(copiesOf(traces, factor))) {
    const line = `${stringifyTraceRequestJson(request)}\n`;
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

try {
  await main();
} finally {
  rmSync(join(TMP, 'memory-out.pb'), { force: true });
}
