import type { Span, Trace } from '@autoscope/core';
import { isErrorSpan, PLACEHOLDER_SCOPE_NAME } from '@autoscope/core';

/** What the RCA methods need of one kept span, derived from its trace. */
export interface SpanFacts {
  readonly spanId: string;
  /** The nearest kept real ancestor's id, or undefined for a top span. */
  readonly parentSpanId: string | undefined;
  readonly service: string;
  readonly name: string;
  readonly startTimeUnixNano: bigint;
  /** Duration in nanoseconds, 0 when the clock went backwards. */
  readonly durationNanos: number;
  /** Duration minus the kept children's durations, at least 0. */
  readonly selfNanos: number;
  /**
   * When the span's only kept child runs in another service (a client span and the server span it
   * called): that service. The self time is then the network and queueing gap of the call, which belongs
   * to both ends.
   */
  readonly callee: string | undefined;
  readonly error: boolean;
}

/**
 * The facts of every real span of a trace as a sampler kept it. Placeholders (scope
 * `PLACEHOLDER_SCOPE_NAME`) are left out and their kept children hang from the placeholder's nearest real
 * ancestor. Linear in the number of spans; never throws.
 */
export function spanFacts(trace: Trace): SpanFacts[] {
  const real = new Map<string, Span>();
  const placeholderParent = new Map<string, string>();
  for (const span of trace.spans) {
    if (span.scope.name === PLACEHOLDER_SCOPE_NAME) placeholderParent.set(span.spanId, span.parentSpanId);
    else if (!real.has(span.spanId)) real.set(span.spanId, span);
  }
  const parentOf = (span: Span) => realParent(span.parentSpanId, real, placeholderParent);
  const children = new Map<string, Span[]>();
  for (const span of real.values()) {
    const parent = parentOf(span);
    if (parent === undefined) continue;
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [span]);
    else list.push(span);
  }
  const facts: SpanFacts[] = [];
  for (const span of real.values()) facts.push(factsOf(span, children.get(span.spanId), parentOf(span)));
  return facts;
}

function realParent(
  id: string,
  real: ReadonlyMap<string, Span>,
  placeholderParent: ReadonlyMap<string, string>,
): string | undefined {
  let current = id;
  // Bounded walk: a cycle among placeholders cannot loop forever.
  for (let steps = 0; steps <= placeholderParent.size; steps++) {
    if (real.has(current)) return current;
    const next = placeholderParent.get(current);
    if (next === undefined) return undefined;
    current = next;
  }
  return undefined;
}

function factsOf(span: Span, children: readonly Span[] | undefined, parent: string | undefined): SpanFacts {
  const durationNanos = nonNegativeDuration(span);
  let childNanos = 0;
  for (const child of children ?? []) childNanos += nonNegativeDuration(child);
  const only = children?.length === 1 ? children[0] : undefined;
  const service = span.resource.serviceName;
  const callee =
    only !== undefined && only.resource.serviceName !== service ? only.resource.serviceName : undefined;
  return {
    spanId: span.spanId,
    parentSpanId: parent,
    service,
    name: span.name,
    startTimeUnixNano: span.startTimeUnixNano,
    durationNanos,
    selfNanos: Math.max(0, durationNanos - childNanos),
    callee,
    error: isErrorSpan(span),
  };
}

function nonNegativeDuration(span: Span): number {
  const nanos = Number(span.endTimeUnixNano - span.startTimeUnixNano);
  return Math.max(0, nanos);
}
