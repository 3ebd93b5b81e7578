import { resolve } from 'node:path';
import type { Span, Trace } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import type { RcaCollector, RcaMethod } from '../rca/index.js';

/** Test-only helpers of the evaluation runner (not exported from the package). */

/** The committed tiny datasets. */
export const TESTDATA = resolve(import.meta.dirname, '../../../testdata/eval');

/**
 * A transparent RCA method for tests: ranks services by how many kept spans they started inside the fault
 * window, most first, ties by name.
 */
export const COUNTING_RCA: RcaMethod = {
  name: 'span-count',
  description: 'services by kept spans inside the fault window',
  createCollector(): RcaCollector {
    const spans: { service: string; start: bigint }[] = [];
    return {
      add(trace: Trace) {
        for (const span of trace.spans)
          spans.push({ service: span.resource.serviceName, start: span.startTimeUnixNano });
      },
      rank(fault: Fault) {
        const counts = new Map<string, number>();
        for (const s of spans) {
          if (s.start >= fault.start && s.start < fault.end)
            counts.set(s.service, (counts.get(s.service) ?? 0) + 1);
        }
        return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([service]) => service);
      },
    };
  },
};

/** Groups spans by trace id, in first-seen order. */
export function byTrace(spans: readonly Span[]): Span[][] {
  const map = new Map<string, Span[]>();
  for (const span of spans) {
    const list = map.get(span.traceId);
    if (list === undefined) map.set(span.traceId, [span]);
    else list.push(span);
  }
  return [...map.values()];
}
