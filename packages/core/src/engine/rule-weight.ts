import type { SpanRule } from '../config/span-rules.js';

/** The weight of a span no rule names: its anomaly score counts as is. */
export const UNLISTED_WEIGHT = 1;

/**
 * How a configuration rule scales a span's anomaly score in the selection (score = z × weight, plus
 * `weight - 1` when above 1, so an important span is preferred among normal ones too):
 * - `critical`: 2 (the span is kept anyway, reason `critical`);
 * - `sample: true`: 1 + priority, in [1, 2] (the analyzer's importance raises the span);
 * - `sample: false`: 0.5 + priority / 2, below 1 (lowered; `normal`, priority 0.1, gives 0.55).
 * Overrides come first in the lookup, so a user's rule replaces the analyzer's for the names it matches.
 */
export function ruleWeight(rule: SpanRule): number {
  if (rule.critical) return 2;
  const priority = Math.min(1, Math.max(0, rule.priority));
  if (rule.sample) return 1 + priority;
  return Math.min(0.5 + priority / 2, 0.99);
}
