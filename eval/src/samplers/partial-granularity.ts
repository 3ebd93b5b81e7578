import type { SamplingStrategy, TraceDecision, TraceTree } from '@autoscope/core';
import { isErrorSpan } from '@autoscope/core';
import { dropped, kept } from './common.js';
import { callsOut, isEntrySpan } from './span-roles.js';

const ROOT = kept('root');
const ERROR = kept('error');
const BOUNDARY = kept('critical');
const IN_PROCESS = dropped('low_priority');

/**
 * New Relic's partial-granularity "reduced" mode: keep service entry spans (tops, SERVER/CONSUMER kind,
 * or a parent in another service) and exit spans (CLIENT/PRODUCER kind, or a child in another service);
 * drop in-process spans. Error spans are kept too. It has no budget: `keepRatio` is ignored and the kept
 * fraction is whatever the data's share of boundary spans is.
 */
export class PartialGranularitySampler implements SamplingStrategy {
  readonly name = 'partial-granularity';
  readonly traceLevel = false;

  /** @inheritdoc */
  describe(): string {
    return 'partial-granularity: reduced mode, keep entry, exit and error spans, drop in-process spans (no budget)';
  }

  /** @inheritdoc */
  decide(tree: TraceTree): TraceDecision {
    const tops = new Set(tree.tops);
    const decisions = tree.spans.map((span, i) => {
      if (tops.has(i)) return ROOT;
      if (isErrorSpan(span)) return ERROR;
      return isEntrySpan(tree, i) || callsOut(tree, i) ? BOUNDARY : IN_PROCESS;
    });
    return { tree, decisions };
  }
}
