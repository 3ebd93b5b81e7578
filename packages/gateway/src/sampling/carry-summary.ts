import type { SamplingSummary } from '@autoscope/core';

/** Adds the running totals of `from` into `to` (a fresh pipeline's summary), so counters never go back. */
export function carrySummary(from: SamplingSummary, to: SamplingSummary): void {
  to.traces += from.traces;
  to.spansIn += from.spansIn;
  to.spansOut += from.spansOut;
  to.spansKept += from.spansKept;
  to.duplicates += from.duplicates;
  to.brokenLinks += from.brokenLinks;
  to.lateSpans += from.lateSpans;
  for (const [reason, n] of Object.entries(from.kept)) to.kept[reason] = (to.kept[reason] ?? 0) + n;
  for (const [reason, n] of Object.entries(from.dropped)) to.dropped[reason] = (to.dropped[reason] ?? 0) + n;
}
