/** Importance scoring with the seed document's rules as defaults. */
import type { FunctionIR } from './model.js';

/** Weights of the importance rules; every one is configurable. */
export interface ImportanceWeights {
  /** try/catch, throw/raise, Go error returns. */
  readonly errorHandling: number;
  /** A call resolved to a database, HTTP/RPC, cache or queue client. */
  readonly externalCalls: number;
  /** Cyclomatic complexity above `highComplexityAbove`. */
  readonly highComplexity: number;
  readonly highComplexityAbove: number;
  /** Cyclomatic complexity above `mediumComplexityAbove` (and not high). */
  readonly mediumComplexity: number;
  readonly mediumComplexityAbove: number;
}

/** The seed document's weights: 0.5, 0.3, 0.2 (> 5), 0.1 (> 2). */
export const DEFAULT_WEIGHTS: ImportanceWeights = {
  errorHandling: 0.5,
  externalCalls: 0.3,
  highComplexity: 0.2,
  highComplexityAbove: 5,
  mediumComplexity: 0.1,
  mediumComplexityAbove: 2,
};

/** A score in [0, 1] and the reasons that contributed (seed names; medium complexity is not listed). */
export interface Importance {
  readonly score: number;
  readonly reasons: readonly string[];
}

/** True when any call of the function is resolved to an external client. */
export function hasExternalCalls(fn: FunctionIR): boolean {
  return fn.graph.blocks.some((b) => b.calls.some((c) => c.target.kind === 'external'));
}

/** Scores one function. */
export function importanceOf(fn: FunctionIR, w: ImportanceWeights = DEFAULT_WEIGHTS): Importance {
  let score = 0;
  const reasons: string[] = [];
  if (fn.errorHandling) {
    score += w.errorHandling;
    reasons.push('error_handling');
  }
  if (hasExternalCalls(fn)) {
    score += w.externalCalls;
    reasons.push('external_calls');
  }
  if (fn.complexity > w.highComplexityAbove) {
    score += w.highComplexity;
    reasons.push('high_complexity');
  } else if (fn.complexity > w.mediumComplexityAbove) score += w.mediumComplexity;
  return { score: round(Math.min(1, Math.max(0, score))), reasons };
}

/** Rounds to 2 decimals so sums like 0.1 + 0.2 print as written. */
export function round(x: number): number {
  return Math.round(x * 100) / 100;
}
