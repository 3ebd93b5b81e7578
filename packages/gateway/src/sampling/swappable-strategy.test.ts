import { AutoscopeEngine, makeResource, makeScope, makeSpan, SamplingPipeline } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { SwappableStrategy } from './swappable-strategy.js';

const resource = makeResource([{ key: 'service.name', value: { stringValue: 'shop' } }]);
const scope = makeScope('test');

/** A 12-span trace: a root and eleven children with a few attributes each. */
function trace(i: number) {
  const traceId = (i + 1).toString(16).padStart(32, '0');
  const start = 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000_000n;
  const spans = [
    makeSpan({
      traceId,
      spanId: 'a'.repeat(16),
      parentSpanId: '',
      name: 'GET /',
      resource,
      scope,
      startTimeUnixNano: start,
      endTimeUnixNano: start + 9_000_000n,
    }),
  ];
  for (let c = 0; c < 11; c++)
    spans.push(
      makeSpan({
        traceId,
        spanId: (c + 1).toString(16).padStart(16, '0'),
        parentSpanId: 'a'.repeat(16),
        name: `step ${c % 3}`,
        resource,
        scope,
        startTimeUnixNano: start + BigInt(c) * 100_000n,
        endTimeUnixNano: start + BigInt(c) * 100_000n + 50_000n,
        attributes: [{ key: 'db.statement', value: { stringValue: `SELECT * FROM t${c}` } }],
      }),
    );
  return { traceId, spans };
}

describe('SwappableStrategy', () => {
  it('passes the written output on, so the byte budget is held on written bytes as without the wrapper', () => {
    const direct = new AutoscopeEngine({ keepRatio: 0.1 });
    const wrapped = new AutoscopeEngine({ keepRatio: 0.1 });
    const a = new SamplingPipeline(direct, { structure: 'reparent', annotate: false });
    const b = new SamplingPipeline(new SwappableStrategy(wrapped), {
      structure: 'reparent',
      annotate: false,
    });
    for (let i = 0; i < 1500; i++) {
      a.process(trace(i));
      b.process(trace(i));
    }
    expect(wrapped.effectiveKeepRatio).toBe(direct.effectiveKeepRatio);
    expect(direct.effectiveKeepRatio).not.toBe(0.1);
  });
});
