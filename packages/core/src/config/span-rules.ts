import type { AutoscopeConfig, PriorityValue, SpanConfig, SpanOverride } from './config-schema.js';
import { isGlob, nameMatcher } from './glob.js';

/** What the configuration says about one span. */
export interface SpanRule {
  /** Importance in [0, 1]; `critical` is 1, `normal` is `NORMAL_PRIORITY`. */
  readonly priority: number;
  /** A `critical` rule: the span is always kept. */
  readonly critical: boolean;
  /** Whether the span should be kept (explicit `sample`, else priority >= threshold). */
  readonly sample: boolean;
  /** Why, for reports: the analyzer's reasons or the override that decided. */
  readonly reason: string;
}

/** Looks up the rule for a span; undefined when no entry or override applies. Never throws. */
export type SpanRuleLookup = (service: string, spanName: string) => SpanRule | undefined;

/** The priority a `"normal"` span gets: down-weighted, below the default threshold. */
export const NORMAL_PRIORITY = 0.1;

interface Candidate {
  readonly service: (name: string) => boolean;
  readonly rule: SpanRule;
}
interface Compiled {
  readonly exact: Map<string, Candidate[]>;
  readonly globs: { readonly name: (name: string) => boolean; readonly candidate: Candidate }[];
}

const ANY_SERVICE = () => true;
const CACHE_LIMIT = 8192;

/**
 * Compiles the `overrides` and `spans` of a configuration into one fast lookup. Precedence:
 * overrides before spans; within each, exact names before globs, then file order; an entry with a
 * `service` applies only to that service (a glob is allowed in overrides).
 */
export function compileSpanRules(config: AutoscopeConfig): SpanRuleLookup {
  const layers = [compileOverrides(config), compileSpans(config)];
  // Two levels (service, then name): no key string is built per lookup.
  const cache = new Map<string, Map<string, SpanRule | null>>();
  let size = 0;
  return (service, spanName) => {
    let byName = cache.get(service);
    const hit = byName?.get(spanName);
    if (hit !== undefined) return hit ?? undefined;
    let found: SpanRule | undefined;
    for (const layer of layers) {
      found = findIn(layer, service, spanName);
      if (found !== undefined) break;
    }
    if (size >= CACHE_LIMIT) {
      cache.clear();
      size = 0;
      byName = undefined;
    }
    if (byName === undefined) {
      byName = new Map();
      cache.set(service, byName);
    }
    byName.set(spanName, found ?? null);
    size++;
    return found;
  };
}

function findIn(layer: Compiled, service: string, spanName: string): SpanRule | undefined {
  const exact = layer.exact.get(spanName);
  if (exact !== undefined) for (const c of exact) if (c.service(service)) return c.rule;
  for (const g of layer.globs) if (g.name(spanName) && g.candidate.service(service)) return g.candidate.rule;
  return undefined;
}

function addCandidate(into: Compiled, pattern: string, candidate: Candidate): void {
  if (!isGlob(pattern)) {
    const list = into.exact.get(pattern) ?? [];
    list.push(candidate);
    into.exact.set(pattern, list);
  } else into.globs.push({ name: nameMatcher(pattern), candidate });
}

function compileOverrides(config: AutoscopeConfig): Compiled {
  const out: Compiled = { exact: new Map(), globs: [] };
  for (const o of config.overrides ?? []) {
    const service = o.service === undefined ? ANY_SERVICE : nameMatcher(o.service);
    addCandidate(out, o.match, { service, rule: overrideRule(o, config.threshold) });
  }
  return out;
}

function compileSpans(config: AutoscopeConfig): Compiled {
  const out: Compiled = { exact: new Map(), globs: [] };
  for (const [name, entry] of Object.entries(config.spans)) {
    const only = entry.service;
    const service = only === undefined ? ANY_SERVICE : (s: string) => s === only;
    addCandidate(out, name, { service, rule: spanRule(entry, config.threshold) });
  }
  // Entries for a specific service are tried before service-less ones with the same name.
  for (const list of out.exact.values()) list.sort((a, b) => rank(a) - rank(b));
  return out;
}

function rank(c: Candidate): number {
  return c.service === ANY_SERVICE ? 1 : 0;
}

/** The numeric priority and critical flag of a written priority. */
export function priorityValue(p: PriorityValue): { priority: number; critical: boolean } {
  if (p === 'critical') return { priority: 1, critical: true };
  if (p === 'normal') return { priority: NORMAL_PRIORITY, critical: false };
  return { priority: p, critical: false };
}

function spanRule(entry: SpanConfig, threshold: number): SpanRule {
  const { priority, critical } = priorityValue(entry.priority);
  const sample = critical || (entry.sample ?? priority >= threshold);
  return { priority, critical, sample, reason: entry.reason ?? (sample ? 'default' : 'low_priority') };
}

function overrideRule(o: SpanOverride, threshold: number): SpanRule {
  const { priority, critical } = priorityValue(o.priority);
  const label = typeof o.priority === 'string' ? o.priority : String(o.priority);
  return {
    priority,
    critical,
    sample: critical || priority >= threshold,
    reason: `override ${label}: ${o.match}`,
  };
}
