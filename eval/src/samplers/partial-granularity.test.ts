import { buildTraceTree, makeResource, makeScope, makeSpan, SpanKind, stringAttr } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { runStrategyContract } from '../../../packages/core/test/strategy-contract.js';
import { typicalTrace } from '../../../packages/core/test/traces.js';
import { PartialGranularitySampler } from './partial-granularity.js';

runStrategyContract('partial-granularity', () => new PartialGranularitySampler());

describe('PartialGranularitySampler', () => {
  it('keeps service entry spans and drops in-process spans of the synthetic request', () => {
    const tree = buildTraceTree(typicalTrace(1, { loop: 3 }));
    const { decisions } = new PartialGranularitySampler().decide(tree);
    const keptNames = tree.spans.filter((_, i) => decisions[i]!.keep).map((s) => s.name);
    expect(keptNames.sort()).toEqual(['GET /checkout', 'OrderController.get', 'PaymentController.charge']);
  });

  it('keeps CLIENT exit spans and a span whose child is in another service, drops INTERNAL ones', () => {
    const scope = makeScope('t');
    const svc = (name: string) => makeResource([stringAttr('service.name', name)]);
    const at = (spanId: string, parentSpanId: string, service: string, kind: number) =>
      makeSpan({
        traceId: 'f'.repeat(32),
        spanId: spanId.repeat(16),
        parentSpanId: parentSpanId === '' ? '' : parentSpanId.repeat(16),
        name: `op-${spanId}`,
        kind,
        startTimeUnixNano: 1n,
        endTimeUnixNano: 2n,
        resource: svc(service),
        scope,
      });
    const tree = buildTraceTree({
      traceId: 'f'.repeat(32),
      spans: [
        at('1', '', 'a', SpanKind.SERVER),
        at('2', '1', 'a', SpanKind.INTERNAL),
        at('3', '2', 'a', SpanKind.CLIENT),
        at('4', '2', 'a', SpanKind.INTERNAL),
        at('5', '4', 'b', SpanKind.UNSPECIFIED),
        at('6', '5', 'b', SpanKind.INTERNAL),
      ],
    });
    const keptIds = new PartialGranularitySampler()
      .decide(tree)
      .decisions.map((d, i) => (d.keep ? tree.spans[i]!.spanId[0] : ''))
      .join('');
    expect(keptIds).toBe('1345');
  });
});
