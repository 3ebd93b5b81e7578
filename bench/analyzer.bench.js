/**
 * Benchmark: `autoscope analyze` throughput in lines per second on code nobody here wrote (installed
 * npm packages, the Python standard library), against parsing the same files alone in the same run
 * (TypeScript's parser without the checker; tree-sitter's parser without the walk), as a ratio.
 * Each input is analysed once after one warm-up run, so compiler and grammar loading are excluded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '@autoscope/analyzer';
import ts from 'typescript';
import { collectFiles } from '../packages/analyzer/dist/files.js';
import { parserFor } from '../packages/analyzer/dist/tree-sitter/parser.js';
import { BenchReport, collect, median, QUICK } from './lib/report.js';
import { REPO_ROOT } from './lib/traces.js';

const ROUNDS = QUICK ? 1 : 3;

function pythonStdlib() {
  try {
    const dir = execFileSync('python3', ['-c', "import sysconfig;print(sysconfig.get_paths()['stdlib'])"], {
      encoding: 'utf8',
    }).trim();
    return ['asyncio', 'email', 'json', 'http'].map((d) => join(dir, d)).filter((d) => existsSync(d));
  } catch {
    return [];
  }
}

const INPUTS = [
  {
    label: 'node_modules/@opentelemetry/sdk-trace-base/build/esm (JavaScript)',
    paths: [join(REPO_ROOT, 'node_modules/@opentelemetry/sdk-trace-base/build/esm')],
    lang: 'ts',
    target: 5_000,
    frontEnd: 'TypeScript (type checker)',
  },
  {
    label: 'node_modules/fast-check/lib/cjs (JavaScript)',
    paths: [join(REPO_ROOT, 'node_modules/fast-check/lib/cjs')],
    lang: 'ts',
    target: 5_000,
    frontEnd: 'TypeScript (type checker)',
  },
  {
    label: 'node_modules/vitest/dist (JavaScript)',
    paths: [join(REPO_ROOT, 'node_modules/vitest/dist')],
    lang: 'ts',
    target: 5_000,
    frontEnd: 'TypeScript (type checker)',
  },
  {
    label: 'Python standard library: asyncio, email, json, http',
    paths: pythonStdlib(),
    lang: 'python',
    target: 20_000,
    frontEnd: 'tree-sitter Python',
  },
];

async function parseOnly(files, lang) {
  if (lang === 'python') {
    const parser = await parserFor('python');
    for (const f of files) parser.parse(f.text)?.delete();
    return;
  }
  for (const f of files) ts.createSourceFile(f.absolute, f.text, ts.ScriptTarget.Latest, true);
}

async function timeMs(fn) {
  collect();
  const start = performance.now();
  const value = await fn();
  return [performance.now() - start, value];
}

async function measure(input) {
  const { files } = await collectFiles(input.paths, { lang: input.lang, maxFileBytes: 2 * 1024 * 1024 });
  await analyze({ paths: input.paths, lang: input.lang, omitFunctions: true }); // warm-up: loads the front end
  await parseOnly(files, input.lang);
  const analysed = [];
  const parsed = [];
  let stats;
  for (let r = 0; r < ROUNDS; r++) {
    const [ms, result] = await timeMs(() =>
      analyze({ paths: input.paths, lang: input.lang, omitFunctions: true }),
    );
    analysed.push(ms);
    stats = result.stats;
    parsed.push((await timeMs(() => parseOnly(files, input.lang)))[0]);
  }
  return { stats, analyseMs: median(analysed), parseMs: median(parsed) };
}

async function main() {
  const report = new BenchReport('analyzer');
  for (const input of INPUTS) {
    if (input.paths.length === 0 || !input.paths.every((p) => existsSync(p))) {
      report.note(`${input.label}: not installed on this machine, skipped`);
      continue;
    }
    const { stats, analyseMs, parseMs } = await measure(input);
    const rate = stats.lines / (analyseMs / 1000);
    report.note(
      `${input.label}: ${stats.files} files, ${stats.lines.toLocaleString('en-US')} lines, ${stats.functions.toLocaleString('en-US')} functions; analyse ${analyseMs.toFixed(0)} ms, parse only ${parseMs.toFixed(0)} ms (median of ${ROUNDS})`,
    );
    report.row({
      benchmark: `Analyze: ${input.frontEnd}, ${input.label}`,
      value: rate,
      unit: 'lines/s',
      baseline: 'parsing the same files only',
      baselineValue: stats.lines / (parseMs / 1000),
      ratio: analyseMs / parseMs,
      target: `≥ ${input.target.toLocaleString('en-US')} lines/s`,
      status: rate >= input.target ? 'PASS' : 'MISS',
    });
  }
  report.note(
    'Java and Go front ends: no installed Java or Go code base on this machine; they are measured on the fixtures only (testdata/analyzer).',
  );
  report.save();
}

await main();
