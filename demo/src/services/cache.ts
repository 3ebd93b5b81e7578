import { SpanKind } from '@opentelemetry/api';
import type { ServiceRuntime } from './runtime.js';

/**
 * An embedded read-through cache with a client span per lookup (`GET cache:{name}`, `cache.hit`).
 * Entries expire after `ttlMs`, so a steady load sees both hits and misses; the loader runs after the
 * lookup span ends, as its sibling, the way a cache-aside client looks in a trace.
 */
export class Cache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly runtime: ServiceRuntime,
    readonly name: string,
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  /** The cached value, or the loader's (then cached). */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.lookup(key);
    if (hit !== undefined) return hit;
    const value = await load();
    this.set(key, value);
    return value;
  }

  private lookup(key: string): V | undefined {
    const attributes = { 'db.system.name': 'embedded_cache', 'db.operation.name': 'GET', 'cache.key': key };
    const span = this.runtime.tracer.startSpan(`GET cache:${this.name}`, {
      kind: SpanKind.CLIENT,
      attributes,
    });
    const entry = this.entries.get(key);
    const fresh = entry !== undefined && entry.expires > Date.now();
    span.setAttribute('cache.hit', fresh);
    span.end();
    return fresh ? entry.value : undefined;
  }

  private set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }
}
