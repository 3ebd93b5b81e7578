import type { DemoRequest, ServiceRuntime } from './runtime.js';

/** One HTTP route of a demo service. `pattern` segments starting with `:` are parameters. */
export interface Route {
  readonly method: 'GET' | 'POST';
  readonly pattern: string;
  handle(request: DemoRequest): Promise<unknown>;
}

/** A demo service: its name and the routes it builds from its runtime. */
export interface ServiceDefinition {
  readonly name: string;
  /** The services it calls (the orchestrator starts every service before traffic, so order is free). */
  readonly calls: readonly string[];
  routes(runtime: ServiceRuntime): readonly Route[];
}

/** The route matching a method and path, with its parameters; undefined when none matches. */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchPattern(route.pattern, parts);
    if (params !== undefined) return { route, params };
  }
  return undefined;
}

function matchPattern(pattern: string, parts: readonly string[]): Record<string, string> | undefined {
  const want = pattern.split('/').filter((p) => p !== '');
  if (want.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const p = parts[i]!;
    if (w.startsWith(':')) {
      const value = decodeSegment(p);
      if (value === undefined) return undefined;
      params[w.slice(1)] = value;
    } else if (w !== p) return undefined;
  }
  return params;
}

/** A decoded path segment, or undefined for a malformed escape (no route matches it: 404, not 500). */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
