/**
 * `npm run bench [-- --quick] [-- --only NAME]`: runs every bench/*.bench.js in its own child process
 * (node --expose-gc), saves each one's result with its machine, date and command in
 * bench/results/NAME.json, and regenerates docs/benchmarks.md from every saved result, so running one
 * benchmark (`--only`) updates its section and leaves the others as they were last measured.
 * Benchmarks are not tests: each compares against a baseline measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from './lib/markdown.js';
import { REPO_ROOT } from './lib/traces.js';

const BENCH_DIR = join(REPO_ROOT, 'bench');
const TMP = join(REPO_ROOT, '.bench-tmp');
const DOC = join(REPO_ROOT, 'docs', 'benchmarks.md');
const SAVED = join(BENCH_DIR, 'results');

function parseArgs(argv) {
  const quick = argv.includes('--quick');
  const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : undefined;
  const noWrite = argv.includes('--no-write');
  return { quick, only, noWrite };
}

function benchFiles(only) {
  const order = [
    'selection',
    'sample-throughput',
    'streaming-memory',
    'otel-processor',
    'gateway',
    'wal',
    'demo-overhead',
  ];
  const files = readdirSync(BENCH_DIR).filter((f) => f.endsWith('.bench.js'));
  const rank = (f) => {
    const i = order.indexOf(f.replace('.bench.js', ''));
    return i < 0 ? order.length : i;
  };
  return files
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .filter((f) => only === undefined || f.includes(only));
}

function runBench(file, quick) {
  const result = join(TMP, `${file}.result.json`);
  rmSync(result, { force: true });
  const started = performance.now();
  const args = ['--expose-gc', join(BENCH_DIR, file), ...(quick ? ['--quick'] : [])];
  const child = spawnSync(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, BENCH_RESULT: result },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0) {
    return {
      bench: file,
      rows: [],
      notes: [],
      failed: `exited with ${child.status ?? child.signal}`,
      seconds,
    };
  }
  return { ...JSON.parse(readFileSync(result, 'utf8')), seconds };
}

function machine() {
  const cpu = cpus();
  return {
    node: process.version,
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    platform: `${process.platform} ${process.arch}`,
    load: loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
}

/** Every saved result, in the benchmarks' order (deleted benchmarks are dropped). */
function savedResults() {
  if (!existsSync(SAVED)) return [];
  const current = new Set(benchFiles(undefined));
  return benchFiles(undefined)
    .filter((file) => current.has(file) && existsSync(join(SAVED, `${file.replace('.bench.js', '')}.json`)))
    .map((file) => JSON.parse(readFileSync(join(SAVED, `${file.replace('.bench.js', '')}.json`), 'utf8')));
}

function main() {
  const { quick, only, noWrite } = parseArgs(process.argv.slice(2));
  mkdirSync(TMP, { recursive: true });
  mkdirSync(SAVED, { recursive: true });
  const started = performance.now();
  const results = [];
  const extra = [...(quick ? ['--quick'] : []), ...(only !== undefined ? ['--only', only] : [])];
  const command = `npm run bench${extra.length > 0 ? ` -- ${extra.join(' ')}` : ''}`;
  for (const file of benchFiles(only)) {
    process.stderr.write(`\n== ${file}\n`);
    const result = {
      ...runBench(file, quick),
      machine: machine(),
      command,
      quick,
      date: new Date().toISOString(),
    };
    results.push(result);
    if (!noWrite)
      writeFileSync(
        join(SAVED, `${file.replace('.bench.js', '')}.json`),
        `${JSON.stringify(result, null, 2)}\n`,
      );
  }
  const seconds = (performance.now() - started) / 1000;
  const markdown = renderMarkdown(noWrite ? results : savedResults());
  if (!noWrite) writeFileSync(DOC, markdown);
  process.stdout.write(markdown);
  process.stderr.write(`\n${noWrite ? 'not written' : `wrote ${DOC}`} (${seconds.toFixed(0)} s)\n`);
  if (results.some((r) => r.failed !== undefined)) process.exitCode = 1;
}

main();
