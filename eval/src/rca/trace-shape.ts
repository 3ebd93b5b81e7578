/**
 * The whole shape of a sampled trace as its output lets one rebuild it: every span of the original trace,
 * kept or dropped, counted by service and span name. A sampler whose output carries shape records
 * (`autoscope.shape` with `autoscope.shapes` definitions, or skeleton placeholders) lets the RCA methods
 * see which services took part in a trace even where their spans were dropped; other outputs have none.
 */
export interface TraceShape {
  /** Span count per service, then per span name, over the rebuilt trace. */
  readonly services: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

/** Counts spans by service and name while a {@link TraceShape} is built. */
export class TraceShapeBuilder {
  private readonly services = new Map<string, Map<string, number>>();

  /** Adds `count` spans of this service and name. */
  add(service: string, name: string, count = 1): void {
    let names = this.services.get(service);
    if (names === undefined) {
      names = new Map();
      this.services.set(service, names);
    }
    names.set(name, (names.get(name) ?? 0) + count);
  }

  /** The shape counted so far. */
  build(): TraceShape {
    return { services: this.services };
  }
}

/** Spans of a service in a shape (0 when it took no part). */
export function spansOfService(shape: TraceShape, service: string): number {
  let total = 0;
  for (const count of shape.services.get(service)?.values() ?? []) total += count;
  return total;
}
