/** Test helper: analyse a small project written to a temporary directory. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { AutoscopeConfig, StructureEdge } from '@autoscope/core';
import { beforeAll, expect } from 'vitest';
import { type AnalyzeOptions, type AnalyzeResult, analyze } from '../src/analyze.js';

/** Writes `files` (relative path -> text) to a fresh directory, analyses it, removes it. */
export async function analyzeProject(
  files: Readonly<Record<string, string>>,
  options: Omit<AnalyzeOptions, 'paths'> = {},
): Promise<AnalyzeResult> {
  const dir = mkdtempSync(join(tmpdir(), 'autoscope-analyzer-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return await analyze({ ...options, paths: [dir] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `from -> to (kind)` for every structure edge, for readable assertions. */
export function edgesOf(config: AutoscopeConfig): string[] {
  return (config.structure?.edges ?? []).map((e: StructureEdge) => `${e.from} -> ${e.to} (${e.kind})`);
}

/** Client span name -> external kind (`db`, `http` …) of every external call in the functions' graphs. */
export function externalsOf(config: AutoscopeConfig): Map<string, string> {
  const out = new Map<string, string>();
  for (const fn of config.structure?.functions ?? [])
    for (const block of fn.blocks)
      for (const call of block.calls)
        if (call.external !== undefined && call.span !== undefined) out.set(call.span, call.external);
  return out;
}

/** What the audit tests read of one analysed project (filled in before the file's tests run). */
export interface AnalyzedProject {
  config: AutoscopeConfig;
  /** `from -> to (kind)` for every structure edge. */
  edges: string[];
  /** Client span name -> external kind. */
  externals: Map<string, string>;
}

/** Analyses `files` once before the test file's tests (asserting no problems) and returns the result holder. */
export function analyzedBeforeAll(files: Readonly<Record<string, string>>): AnalyzedProject {
  const project = { edges: [], externals: new Map() } as unknown as AnalyzedProject;
  beforeAll(async () => {
    const result = await analyzeProject(files);
    expect(result.problems).toEqual([]);
    project.config = result.config;
    project.edges = edgesOf(result.config);
    project.externals = externalsOf(result.config);
  });
  return project;
}

/** The external kinds (`db`, `http` …, undefined for internal calls) of the spans `from` calls directly. */
export function calleeKinds(project: AnalyzedProject, from: string): (string | undefined)[] {
  return project.edges
    .filter((e) => e.startsWith(`${from} -> `))
    .map((e) => project.externals.get(e.split(' -> ')[1]!.split(' (')[0]!));
}
