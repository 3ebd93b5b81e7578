/** `analyze()`: the static analysis behind `autoscope analyze`, and `learn()` for `autoscope learn`. */
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type AutoscopeConfig, CONFIG_VERSION, DEFAULT_THRESHOLD, type StructureEdge } from '@autoscope/core';
import { assemble } from './assemble.js';
import { type CollectOptions, collectFiles, type LanguageChoice } from './files.js';
import { DEFAULT_WEIGHTS, type ImportanceWeights } from './importance.js';
import type { FileProblem, FrontEnd, FunctionIR, Language, SourceFile } from './model.js';

/** The analyzer's version, written into `analyzer.version`. */
export const ANALYZER_VERSION = '0.1.0';

/** Options of `analyze`. */
export interface AnalyzeOptions {
  /** Files or directories. Nested `node_modules`, `.git`, `vendor` … directories are skipped. */
  readonly paths: readonly string[];
  /** Written into every span entry, edge and set (`service`). */
  readonly service?: string;
  /** Which languages to read (`auto`: by file extension). `ts` includes JavaScript. */
  readonly lang?: LanguageChoice;
  /** The previous config: its overrides, sampling options, threshold and learned edges are kept. */
  readonly previous?: AutoscopeConfig;
  /** Threshold for the sample flag (default: previous config's, else 0.3). */
  readonly threshold?: number;
  readonly weights?: Partial<ImportanceWeights>;
  /** Default 2 MiB. */
  readonly maxFileBytes?: number;
  /** Leave out `structure.functions` (the per-function CSCFGs) to keep the file small. */
  readonly omitFunctions?: boolean;
}

/** What `analyze` returns. */
export interface AnalyzeResult {
  readonly config: AutoscopeConfig;
  /** Files skipped or only partly analysed, each with why. */
  readonly problems: readonly FileProblem[];
  readonly stats: {
    readonly files: number;
    readonly lines: number;
    readonly functions: number;
    readonly ms: number;
    readonly languages: readonly Language[];
  };
}

type FrontEndLoader = () => Promise<FrontEnd>;
const FRONT_ENDS: readonly { languages: readonly Language[]; load: FrontEndLoader }[] = [
  {
    languages: ['ts', 'js'],
    load: async () => new (await import('./ts/ts-front-end.js')).TypeScriptFrontEnd(),
  },
  {
    languages: ['python', 'java', 'go'],
    load: async () => (await import('./tree-sitter/front-ends.js')).treeSitterFrontEnd(),
  },
];

/** Analyses source code into an Autoscope configuration. Bad files become `problems`; never throws for them. */
export async function analyze(options: AnalyzeOptions): Promise<AnalyzeResult> {
  const started = performance.now();
  const collect: CollectOptions = {
    lang: options.lang ?? 'auto',
    maxFileBytes: options.maxFileBytes ?? 2 * 1024 * 1024,
  };
  const { files, problems } = await collectFiles(options.paths, collect);
  const functions: FunctionIR[] = [];
  for (const fe of FRONT_ENDS) {
    const mine = files.filter((f) => fe.languages.includes(f.language));
    if (mine.length === 0) continue;
    const result = await (await fe.load()).analyze(mine);
    functions.push(...result.functions);
    problems.push(...result.problems);
  }
  const threshold = options.threshold ?? options.previous?.threshold ?? DEFAULT_THRESHOLD;
  const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const assembled = assemble(functions, {
    threshold,
    weights,
    ...(options.service ? { service: options.service } : {}),
  });
  const languages = [...new Set(files.map((f) => f.language))].sort();
  const learned = (options.previous?.structure?.edges ?? []).filter((e) => e.origin === 'traces');
  const config = buildConfig(options, threshold, assembled, learned, { files, languages });
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const lines = files.reduce((n, f) => n + countLines(f.text), 0);
  const ms = Math.round(performance.now() - started);
  return {
    config,
    problems,
    stats: { files: files.length, lines, functions: functions.length, ms, languages },
  };
}

function buildConfig(
  options: AnalyzeOptions,
  threshold: number,
  assembled: ReturnType<typeof assemble>,
  learned: readonly StructureEdge[],
  found: { files: readonly SourceFile[]; languages: readonly string[] },
): AutoscopeConfig {
  const previous = options.previous;
  const { functions, ...structure } = assembled.structure;
  const known = new Set(structure.edges.map((e) => `${e.from}\u0000${e.to}`));
  const edges = [...structure.edges, ...learned.filter((e) => !known.has(`${e.from}\u0000${e.to}`))];
  return {
    version: CONFIG_VERSION,
    threshold,
    spans: assembled.spans,
    ...(previous?.overrides ? { overrides: previous.overrides } : {}),
    structure: { ...structure, edges, ...(options.omitFunctions || !functions ? {} : { functions }) },
    ...(previous?.sampling ? { sampling: previous.sampling } : {}),
    analyzer: {
      version: ANALYZER_VERSION,
      sourceHash: sourceHash(found.files),
      languages: [...found.languages],
      files: found.files.length,
    },
  };
}

/** sha256 over every analysed file's relative path and text, in path order. */
export function sourceHash(files: readonly SourceFile[]): string {
  const h = createHash('sha256');
  for (const f of files) h.update(f.path).update('\u0000').update(f.text).update('\u0000');
  return `sha256:${h.digest('hex')}`;
}

function countLines(text: string): number {
  let n = text.length > 0 && !text.endsWith('\n') ? 1 : 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
