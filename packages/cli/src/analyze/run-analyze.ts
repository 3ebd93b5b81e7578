import { stat } from 'node:fs/promises';
import {
  type AnalyzeOptions,
  analyze,
  type FileProblem,
  type ImportanceWeights,
  type LanguageChoice,
} from '@autoscope/analyzer';
import { readConfigIfPresent, writeConfig } from './config-file.js';

/** What `autoscope analyze` was asked to do. */
export interface AnalyzeRequest {
  readonly paths: readonly string[];
  readonly out: string;
  readonly lang: LanguageChoice;
  readonly omitFunctions: boolean;
  readonly weights: Partial<ImportanceWeights>;
  readonly service?: string;
  readonly threshold?: number;
  readonly maxFileBytes?: number;
}

/** What `autoscope analyze` prints (also as JSON). */
export interface AnalyzeSummary {
  readonly out: string;
  /** Whether an existing config was read and its overrides, options and learned edges kept. */
  readonly updated: boolean;
  readonly files: number;
  readonly lines: number;
  readonly functions: number;
  readonly languages: readonly string[];
  readonly spans: number;
  readonly sampledSpans: number;
  readonly edges: number;
  readonly dominantSets: number;
  readonly overrides: number;
  readonly threshold: number;
  readonly problems: readonly FileProblem[];
  readonly seconds: number;
}

/** Analyses the paths, merges with the existing config at `out` (if any) and writes it. */
export async function runAnalyze(request: AnalyzeRequest): Promise<AnalyzeSummary> {
  for (const path of request.paths) await stat(path); // a path that is not there is a usage mistake, not a problem
  const previous = await readConfigIfPresent(request.out);
  const options: AnalyzeOptions = {
    paths: request.paths,
    lang: request.lang,
    omitFunctions: request.omitFunctions,
    weights: request.weights,
    ...(previous === undefined ? {} : { previous }),
    ...(request.service === undefined ? {} : { service: request.service }),
    ...(request.threshold === undefined ? {} : { threshold: request.threshold }),
    ...(request.maxFileBytes === undefined ? {} : { maxFileBytes: request.maxFileBytes }),
  };
  const { config, problems, stats } = await analyze(options);
  await writeConfig(request.out, config);
  const spans = Object.values(config.spans);
  return {
    out: request.out,
    updated: previous !== undefined,
    files: stats.files,
    lines: stats.lines,
    functions: stats.functions,
    languages: stats.languages,
    spans: spans.length,
    sampledSpans: spans.filter((s) => s.sample).length,
    edges: config.structure?.edges.length ?? 0,
    dominantSets: config.structure?.dominantSets.length ?? 0,
    overrides: config.overrides?.length ?? 0,
    threshold: config.threshold,
    problems,
    seconds: stats.ms / 1000,
  };
}

const MAX_PROBLEMS_SHOWN = 20;

/** The human-readable summary. */
export function formatAnalyzeSummary(s: AnalyzeSummary): string {
  const lines = [
    `${s.updated ? 'updated' : 'wrote'} ${s.out}`,
    `  analysed   ${s.files} files, ${s.lines} lines, ${s.functions} functions (${s.languages.join(', ') || 'none'}) in ${s.seconds.toFixed(1)} s`,
    `  spans      ${s.spans} named, ${s.sampledSpans} sampled at threshold ${s.threshold}`,
    `  structure  ${s.edges} call edges, ${s.dominantSets} dominant span sets`,
    `  overrides  ${s.overrides} kept`,
  ];
  if (s.problems.length > 0) {
    lines.push(`  problems   ${s.problems.length} files skipped or partly analysed:`);
    for (const p of s.problems.slice(0, MAX_PROBLEMS_SHOWN))
      lines.push(`    ${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.code}: ${p.message}`);
    if (s.problems.length > MAX_PROBLEMS_SHOWN)
      lines.push(`    and ${s.problems.length - MAX_PROBLEMS_SHOWN} more (--json lists all)`);
  }
  return `${lines.join('\n')}\n`;
}
