import type { RcaScore } from '../results.js';

/** One scored fault case: the services as ranked, and the injected one. */
export interface RankedCase {
  readonly ranked: readonly string[];
  readonly truth: string;
}

/**
 * Mean reciprocal rank, top-1 and top-3 of the true service over the cases. A case whose truth is not
 * ranked scores 0; no cases gives all zeros.
 */
export function scoreRanks(cases: readonly RankedCase[]): RcaScore {
  let reciprocal = 0;
  let top1 = 0;
  let top3 = 0;
  for (const { ranked, truth } of cases) {
    const index = ranked.indexOf(truth);
    if (index < 0) continue;
    reciprocal += 1 / (index + 1);
    if (index === 0) top1 += 1;
    if (index < 3) top3 += 1;
  }
  const n = cases.length;
  if (n === 0) return { mrr: 0, top1: 0, top3: 0, cases: 0 };
  return { mrr: reciprocal / n, top1: top1 / n, top3: top3 / n, cases: n };
}
