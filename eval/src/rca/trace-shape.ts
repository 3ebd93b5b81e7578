/**
 * The whole shape of a sampled trace as its output lets one rebuild it: every span of the original trace,
 * kept or dropped, counted by service and span name. A sampler whose output carries shape records
 * (`autoscope.shape` with `autoscope.shapes` definitions, or skeleton placeholders) lets the RCA methods
 * see which services took part in a trace even where their spans were dropped; other outputs have none.
 */
export interface TraceShape {
  /** Span count per service, then per span name, over the rebuilt trace. */
  readonly services: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Self times the output's timing digests (`autoscope.timing`) give back, when it carries them. */
  readonly timing?: TraceTiming;
}

/** What timing digests tell of a sampled trace beyond its kept spans' own fields. */
export interface TraceTiming {
  /** Kept spans whose output children no longer add up to their own (some were dropped), by span id. */
  readonly kept: ReadonlyMap<string, KeptTiming>;
  /** Every dropped span under a digest, at its operation's mean self time in its region. */
  readonly dropped: readonly DroppedTiming[];
}

/** A kept span's self time in the original trace, and the service its only original child ran in. */
export interface KeptTiming {
  readonly selfNanos: number;
  readonly callee: string | undefined;
}

/** A dropped span as a timing digest and its residual shape give it back. */
export interface DroppedTiming {
  readonly service: string;
  readonly name: string;
  /** The service of its only child, when that child runs in another service (a call's gap). */
  readonly callee: string | undefined;
  readonly selfNanos: number;
}

/** Counts spans by service and name while a {@link TraceShape} is built. */
export class TraceShapeBuilder {
  private readonly services = new Map<string, Map<string, number>>();
  private readonly keptTiming = new Map<string, KeptTiming>();
  private readonly droppedTiming: DroppedTiming[] = [];

  /** Adds `count` spans of this service and name. */
  add(service: string, name: string, count = 1): void {
    let names = this.services.get(service);
    if (names === undefined) {
      names = new Map();
      this.services.set(service, names);
    }
    names.set(name, (names.get(name) ?? 0) + count);
  }

  /** Records a kept span's original self time (from its timing digest). */
  addKeptTiming(spanId: string, timing: KeptTiming): void {
    this.keptTiming.set(spanId, timing);
  }

  /** Records a dropped span's self time (from its kept ancestor's timing digest). */
  addDroppedTiming(timing: DroppedTiming): void {
    this.droppedTiming.push(timing);
  }

  /** The shape counted so far. */
  build(): TraceShape {
    if (this.keptTiming.size === 0) return { services: this.services };
    return { services: this.services, timing: { kept: this.keptTiming, dropped: this.droppedTiming } };
  }
}

/** Spans of a service in a shape (0 when it took no part). */
export function spansOfService(shape: TraceShape, service: string): number {
  let total = 0;
  for (const count of shape.services.get(service)?.values() ?? []) total += count;
  return total;
}
