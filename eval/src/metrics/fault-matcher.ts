import { findAttribute, type Span, type TraceTree } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import type { FaultyDefinition } from '../results.js';

const POD_ATTRIBUTE = 'k8s.pod.name';

/**
 * Decides which spans of the full data are faulty, and for which fault:
 * - `pod-window`: a span emitted by the fault's pod (its `k8s.pod.name`), or by its service when the fault
 *   names no pod, whose time overlaps the fault window `[start, end)`;
 * - `ids`: a span whose id is in a fault's `faultySpanIds`.
 * When several faults match a span, the first in the list wins.
 */
export class FaultMatcher {
  private readonly byPod = new Map<string, number[]>();
  private readonly byService = new Map<string, number[]>();
  private readonly bySpanId = new Map<string, number>();

  constructor(
    private readonly faults: readonly Fault[],
    readonly definition: FaultyDefinition,
  ) {
    faults.forEach((fault, i) => {
      if (definition === 'ids') {
        for (const id of fault.faultySpanIds ?? []) if (!this.bySpanId.has(id)) this.bySpanId.set(id, i);
      } else if (fault.pod !== undefined) push(this.byPod, fault.pod, i);
      else push(this.byService, fault.service, i);
    });
  }

  /** The index (into the fault list) of the fault of each span of the tree, or -1 for a normal span. */
  classify(tree: TraceTree): Int32Array {
    const out = new Int32Array(tree.spans.length).fill(-1);
    for (let i = 0; i < tree.spans.length; i++) out[i] = this.faultOf(tree.spans[i]!);
    return out;
  }

  private faultOf(span: Span): number {
    if (this.definition === 'ids') return this.bySpanId.get(span.spanId) ?? -1;
    const pod = podOf(span);
    const candidates = (pod === undefined ? undefined : this.byPod.get(pod)) ?? [];
    for (const i of candidates) if (this.overlaps(span, i)) return i;
    for (const i of this.byService.get(span.resource.serviceName) ?? []) if (this.overlaps(span, i)) return i;
    return -1;
  }

  private overlaps(span: Span, i: number): boolean {
    const fault = this.faults[i]!;
    return span.startTimeUnixNano < fault.end && span.endTimeUnixNano > fault.start;
  }
}

function podOf(span: Span): string | undefined {
  const value = findAttribute(span.resource.attributes, POD_ATTRIBUTE);
  return value !== undefined && 'stringValue' in value ? value.stringValue : undefined;
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
