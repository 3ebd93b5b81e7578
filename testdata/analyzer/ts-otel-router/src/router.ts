import type { Span } from '@opentelemetry/api';

/** A route of the service's own router. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  run(params: Record<string, string>): Promise<unknown>;
}

/** Finds the route and names the instrumentation's SERVER span after it. */
export async function dispatch(routes: readonly Route[], method: string, url: string, span: Span) {
  const route = routes.find((r) => r.method === method && r.path === url);
  if (route === undefined) return 404;
  span.updateName(`${route.method} ${route.path}`);
  return route.run({});
}
