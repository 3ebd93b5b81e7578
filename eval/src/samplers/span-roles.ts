import { SpanKind, type TraceTree } from '@autoscope/core';

/**
 * Span roles read from the data alone (kind, tree shape, service changes, client-like names and
 * attributes), never from service or operation names of one system.
 */

/** True when the span starts work in its service: a top, SERVER/CONSUMER kind, or a parent in another service. */
export function isEntrySpan(tree: TraceTree, index: number): boolean {
  const span = tree.spans[index]!;
  if (span.kind === SpanKind.SERVER || span.kind === SpanKind.CONSUMER) return true;
  const parent = tree.parent[index]!;
  return parent < 0 || tree.spans[parent]!.resource.serviceName !== span.resource.serviceName;
}

/** True when the span calls out of its service: CLIENT/PRODUCER kind, or a child in another service. */
export function callsOut(tree: TraceTree, index: number): boolean {
  const span = tree.spans[index]!;
  if (span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER) return true;
  const service = span.resource.serviceName;
  return tree.children[index]!.some((c) => tree.spans[c]!.resource.serviceName !== service);
}

const CLIENT_NAME =
  /^(select|insert|update|delete|upsert|merge|replace|call|exec|begin|commit|rollback|get|post|put|patch|head|options|hget|hset|mget|mset|incr|expire|publish|send|produce)\b/i;
const CLIENT_ATTRIBUTES = new Set([
  'db.system',
  'db.system.name',
  'db.statement',
  'db.query.text',
  'http.method',
  'http.request.method',
  'http.url',
  'url.full',
  'rpc.system',
  'messaging.system',
  'peer.service',
  'server.address',
  'net.peer.name',
]);

/**
 * True for an exit span in Elastic's sense: CLIENT/PRODUCER kind, or (kind unspecified) a leaf span whose
 * name starts like a database/HTTP/cache/messaging client call or that carries client attributes.
 */
export function isExitSpan(tree: TraceTree, index: number): boolean {
  const span = tree.spans[index]!;
  if (span.kind === SpanKind.CLIENT || span.kind === SpanKind.PRODUCER) return true;
  if (span.kind !== SpanKind.UNSPECIFIED || tree.children[index]!.length > 0) return false;
  return CLIENT_NAME.test(span.name) || span.attributes.some((kv) => CLIENT_ATTRIBUTES.has(kv.key));
}
