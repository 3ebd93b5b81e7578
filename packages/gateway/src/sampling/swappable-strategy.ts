import type { SamplingStrategy, Span, TraceDecision, TraceTree } from '@autoscope/core';

/**
 * A strategy whose implementation can be replaced while running (config hot reload). The pipeline keeps
 * its memory of decided traces across a swap, so late spans still follow their trace's decision.
 */
export class SwappableStrategy implements SamplingStrategy {
  private current: SamplingStrategy;

  constructor(initial: SamplingStrategy) {
    this.current = initial;
  }

  get name(): string {
    return this.current.name;
  }

  get traceLevel(): boolean {
    return this.current.traceLevel;
  }

  /** Replaces the strategy used for the next decisions. */
  swap(next: SamplingStrategy): void {
    this.current = next;
  }

  describe(): string {
    return this.current.describe();
  }

  decide(tree: TraceTree): TraceDecision {
    return this.current.decide(tree);
  }

  /** Passes what was written on to the current strategy (its byte budget is held on written bytes). */
  observeOutput(decision: TraceDecision, written: readonly Span[]): void {
    this.current.observeOutput?.(decision, written);
  }
}
