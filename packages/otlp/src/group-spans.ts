/** Grouping of spans into OTLP's resource -> scope -> spans nesting, by object identity. */
import type { InstrumentationScope, Resource, Span } from '@autoscope/core';

/** Spans of one scope within one resource. */
export interface ScopeGroup {
  readonly scope: InstrumentationScope;
  readonly spans: Span[];
}

/** Spans of one resource, by scope. */
export interface ResourceGroup {
  readonly resource: Resource;
  readonly scopes: ScopeGroup[];
  readonly byScope: Map<InstrumentationScope, ScopeGroup>;
}

/**
 * Groups spans by resource object, then scope object, both in first-seen order; spans keep their
 * relative order. Consecutive spans of the same resource and scope skip the map lookups.
 */
export function groupSpans(spans: readonly Span[]): ResourceGroup[] {
  const groups: ResourceGroup[] = [];
  const byResource = new Map<Resource, ResourceGroup>();
  let lastResource: ResourceGroup | undefined;
  let lastScope: ScopeGroup | undefined;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    if (
      lastScope !== undefined &&
      lastResource!.resource === span.resource &&
      lastScope.scope === span.scope
    ) {
      lastScope.spans.push(span);
      continue;
    }
    lastResource = groupOf(groups, byResource, span.resource);
    lastScope = lastResource.byScope.get(span.scope);
    if (lastScope === undefined) {
      lastScope = { scope: span.scope, spans: [] };
      lastResource.byScope.set(span.scope, lastScope);
      lastResource.scopes.push(lastScope);
    }
    lastScope.spans.push(span);
  }
  return groups;
}

function groupOf(
  groups: ResourceGroup[],
  byResource: Map<Resource, ResourceGroup>,
  resource: Resource,
): ResourceGroup {
  let group = byResource.get(resource);
  if (group === undefined) {
    group = { resource, scopes: [], byScope: new Map() };
    byResource.set(resource, group);
    groups.push(group);
  }
  return group;
}
