/**
 * Benchmark: `autoscope analyze` throughput in lines per second on code nobody here wrote (installed
 * npm packages, the Python standard library), against parsing the same files alone in the same run
 * (TypeScript's parser without the checker; tree-sitter's parser without the walk), as a ratio.
 * Each input is analysed once after one warm-up run, so compiler and grammar loading are excluded.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/**
 * java.util and java.net from the first JDK `src.zip` found (broken symlinks are skipped), unpacked
 * into a temporary directory that `main` removes.
 */
function jdkSources() {
  const zips = [
    '/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip',
    '/usr/lib/jvm/temurin-25-jdk-amd64/lib/src.zip',
    '/usr/lib/jvm/default-java/lib/src.zip',
  ];
  let zip = zips.find((z) => existsSync(z));
  if (zip === undefined) {
    try {
      zip = execFileSync('find', ['/usr/lib/jvm', '-name', 'src.zip'], { encoding: 'utf8' })
        .split('\n')
        .find((z) => z !== '' && existsSync(z));
    } catch {
      zip = undefined;
    }
  }
  if (zip === undefined) return { paths: [], cleanup: () => {} };
  const dir = mkdtempSync(join(tmpdir(), 'autoscope-jdk-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('unzip', ['-q', '-o', zip, 'java.base/java/util/*', 'java.base/java/net/*', '-d', dir]);
  } catch {
    cleanup();
    return { paths: [], cleanup: () => {} };
  }
  return { paths: ['util', 'net'].map((p) => join(dir, 'java.base/java', p)), cleanup, zip };
}

const jdk = jdkSources();

// @opentelemetry/sdk-trace-base 2.x is a shim (8 files re-exporting @opentelemetry/sdk-trace), so the
// two are analysed together: the shim's re-exports resolve into the implementation.
const INPUTS = [
  {
    label: 'node_modules/@opentelemetry/sdk-trace-base + sdk-trace, build/esm (JavaScript)',
    paths: [
      join(REPO_ROOT, 'node_modules/@opentelemetry/sdk-trace-base/build/esm'),
      join(REPO_ROOT, 'node_modules/@opentelemetry/sdk-trace/build/esm'),
    ],
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
  {
    label: `JDK sources: java.util, java.net${jdk.zip ? ` (${jdk.zip})` : ''}`,
    paths: jdk.paths,
    lang: 'java',
    target: 20_000,
    frontEnd: 'tree-sitter Java',
  },
];

async function parseOnly(files, lang) {
  if (lang === 'python' || lang === 'java') {
    const parser = await parserFor(lang);
    for (const f of files) parser.parse(f.text)?.delete();
    parser.delete();
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
    'Go front end: no Go code base on this machine (no Go toolchain or module cache); it is measured on the fixtures only (testdata/analyzer).',
  );
  report.save();
}

try {
  await main();
} finally {
  jdk.cleanup();
}
