import { type SpanDecision, SpanKind, type TraceDecision, type TraceTree } from '@autoscope/core';
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
 * engine's decision is not changed. One pass per decision, its answer reused by the next (no result
 * objects per trace): read the answer, then `release` it.
 */
export class ConnectorPass {
  private readonly leafAttributes: readonly string[];
  /** Indices of the dropped connectors found in the current decision. */
  private found: number[] = [];
  private readonly forcedDecision: { tree: TraceTree; decisions: SpanDecision[] } = {
    tree: NO_DECISION.tree,
    decisions: [],
  };
  private readonly answer: { decision: TraceDecision; placeholders: string[] | undefined } = {
    decision: NO_DECISION,
    placeholders: undefined,
  };

  constructor(leafAttributes: readonly string[]) {
    this.leafAttributes = leafAttributes;
  }

  /** The decision with every connector kept (valid until the next call or `release`). */
  keep(decision: TraceDecision): ConnectedDecision {
    const { tree, decisions } = decision;
    const found = this.found;
    let count = 0;
    for (let i = 0; i < decisions.length; i++) {
      if (!decisions[i]!.keep && this.isConnector(tree.spans[i] as SourcedSpan)) found[count++] = i;
    }
    const answer = this.answer;
    if (count === 0) {
      answer.decision = decision;
      answer.placeholders = undefined;
      return answer;
    }
    // Lists of the exact length, reused per length (a few connectors per trace, tens of spans).
    const forced = exactList(forcedLists, decisions.length) as SpanDecision[];
    for (let i = 0; i < decisions.length; i++) forced[i] = decisions[i]!;
    const ids = exactList(idLists, count) as string[];
    for (let k = 0; k < count; k++) {
      const i = found[k]!;
      const d = decisions[i]!;
      forced[i] = { keep: true, reason: d.reason, score: d.score };
      ids[k] = tree.spans[i]!.spanId;
    }
    if (count > MAX_FOUND) this.found = [];
    this.forcedDecision.tree = tree;
    this.forcedDecision.decisions = forced;
    answer.decision = this.forcedDecision;
    answer.placeholders = ids;
    return answer;
  }

  /** Lets go of the last decision (its tree holds the trace's spans). */
  release(): void {
    this.forcedDecision.tree = NO_DECISION.tree;
    this.forcedDecision.decisions = NO_DECISIONS;
    this.answer.decision = NO_DECISION;
    this.answer.placeholders = undefined;
  }

  private isConnector(span: SourcedSpan): boolean {
    if (span.kind === SpanKind.CLIENT) return !isLeafCall(span, this.leafAttributes);
    return span.kind === SpanKind.PRODUCER;
  }
}

const NO_DECISIONS: SpanDecision[] = [];
/** Past this many connectors in one trace, `found` is let go of after the decision. */
const MAX_FOUND = 4096;
/** Lists shorter than this are reused per length; longer ones are made per decision. */
const REUSED_LENGTHS = 64;
const forcedLists: unknown[][] = [];
const idLists: unknown[][] = [];

/** A list of exactly `length` elements (stale contents), reused per length below `REUSED_LENGTHS`. */
function exactList(lists: unknown[][], length: number): unknown[] {
  if (length >= REUSED_LENGTHS) return new Array(length);
  let list = lists[length];
  if (list === undefined) {
    list = new Array(length).fill(undefined);
    lists[length] = list;
  }
  return list;
}

const NO_DECISION: TraceDecision = Object.freeze({
  tree: Object.freeze({}) as TraceTree,
  decisions: Object.freeze([]),
});

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
