import { type SpanDecision, SpanKind, type TraceDecision } from '@autoscope/core';

/** A decision in which every connector span is kept, and the ids of those the engine had dropped. */
export interface ConnectedDecision {
  readonly decision: TraceDecision;
  /** Span ids to export as placeholders (a list: a few per trace); undefined when none was dropped. */
  readonly placeholders: readonly string[] | undefined;
}

/**
 * Keeps every span that other processes may have children under (kind CLIENT or PRODUCER): a dropped one
 * is turned into a kept placeholder, so the next service's local root, whose parent it is, never becomes
 * an orphan. The engine's decision is not changed; a new one is returned when something was forced.
 */
export function keepConnectors(decision: TraceDecision): ConnectedDecision {
  const { tree, decisions } = decision;
  let forced: SpanDecision[] | undefined;
  let placeholders: string[] | undefined;
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i]!;
    if (d.keep) continue;
    const span = tree.spans[i]!;
    if (span.kind !== SpanKind.CLIENT && span.kind !== SpanKind.PRODUCER) continue;
    forced ??= decisions.slice();
    forced[i] = { keep: true, reason: d.reason, score: d.score };
    if (placeholders === undefined) placeholders = [span.spanId];
    else placeholders.push(span.spanId);
  }
  if (forced === undefined) return { decision, placeholders: undefined };
  return { decision: { tree, decisions: forced }, placeholders };
}
