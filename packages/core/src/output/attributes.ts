/** Attribute keys Autoscope writes on the spans it outputs. `docs/output.md` describes each. */
export const AutoscopeAttributes = Object.freeze({
  /** On a kept span with dropped descendants: hash of its residual shape (dropped region with holes). */
  SHAPE: 'autoscope.shape',
  /** Shape definitions not yet written in this stream: JSON rows `[hash36, service, name, children|null]`. */
  SHAPES: 'autoscope.shapes',
  /**
   * On a kept span with dropped descendants: bytes, its own self time then the mean self time of each
   * dropped operation below it, on a log scale (see `timingDigests`).
   */
  TIMING: 'autoscope.timing',
  /** On a re-parented span: how many dropped spans lay between it and its new parent. */
  GAP: 'autoscope.gap',
  /** On a re-parented span, only when needed: which of its label's hole contexts it fills. */
  SLOT: 'autoscope.slot',
  /** Why the span was kept (only with `annotate`). */
  REASON: 'autoscope.reason',
  /** The span's score (only with `annotate`). */
  SCORE: 'autoscope.score',
  /** `summary` mode: per dropped operation `[count, sumNs, minNs, maxNs, errors]`. */
  DROPPED: 'autoscope.dropped',
  /** Dropped repeat groups (same call site at least 3 times): per operation `[count, sumNs, minNs, maxNs, errors]`. */
  REPEATS: 'autoscope.repeats',
  /** On a span whose parent was not in the trace: the parent id it named (its parent id is cleared). */
  MISSING_PARENT: 'autoscope.missing_parent',
});

/** Scope name of `skeleton` placeholders: dropped spans reduced to ids, name and times. */
export const PLACEHOLDER_SCOPE_NAME = 'autoscope.placeholder';
