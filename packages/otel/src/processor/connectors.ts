import { type SpanDecision, SpanKind, type TraceDecision } from '@autoscope/core';
import type { SourcedSpan } from '../convert/to-core-span.js';

/** A decision in which every connector span is kept, and the ids of those the engine had dropped. */
export interface ConnectedDecision {
  readonly decision: TraceDecision;
  /** Span ids to export as placeholders (a list: a few per trace); undefined when none was dropped. */
  readonly placeholders: readonly string[] | undefined;
}

/**
 * Keeps every span that other processes may have children under (kind PRODUCER, and CLIENT unless its SDK
 * span has one of `leafAttributes` as a non-empty string: a database call): a dropped one is turned into a
 * kept placeholder, so the next service's local root, whose parent it is, never becomes an orphan. The
 * engine's decision is not changed; a new one is returned when something was forced.
 */
export function keepConnectors(
  decision: TraceDecision,
  leafAttributes: readonly string[],
): ConnectedDecision {
  const { tree, decisions } = decision;
  let forced: SpanDecision[] | undefined;
  let placeholders: string[] | undefined;
  for (let i = 0; i < decisions.length; i++) {
    const d = decisions[i]!;
    if (d.keep) continue;
    const span = tree.spans[i]!;
    if (span.kind === SpanKind.CLIENT) {
      if (isLeafCall(span as SourcedSpan, leafAttributes)) continue;
    } else if (span.kind !== SpanKind.PRODUCER) continue;
    forced ??= decisions.slice();
    forced[i] = { keep: true, reason: d.reason, score: d.score };
    if (placeholders === undefined) placeholders = [span.spanId];
    else placeholders.push(span.spanId);
  }
  if (forced === undefined) return { decision, placeholders: undefined };
  return { decision: { tree, decisions: forced }, placeholders };
}

/**
 * True when the span's SDK attributes have one of `keys` with a non-empty string value (a call no other
 * process has spans under): its own property, not one every object inherits (`constructor`, ...).
 */
function isLeafCall(span: SourcedSpan, keys: readonly string[]): boolean {
  const attributes = span.source.attributes;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (!Object.hasOwn(attributes, key)) continue;
    const value = attributes[key];
    if (typeof value === 'string' && value !== '') return true;
  }
  return false;
}
