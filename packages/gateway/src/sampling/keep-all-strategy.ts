import { keep, type SamplingStrategy, type TraceDecision, type TraceTree } from '@autoscope/core';

/** Keeps every span of every trace: the gateway as a pass-through (dry runs, tests, exact accounting). */
export class KeepAllStrategy implements SamplingStrategy {
  readonly name = 'keep-all';
  readonly traceLevel = true;

  describe(): string {
    return 'keep-all';
  }

  decide(tree: TraceTree): TraceDecision {
    return { tree, decisions: tree.spans.map(() => keep('sampled')) };
  }
}
