import { makeResource, makeScope, makeSpan, parseConfig, type Trace } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { learn } from './learn.js';

const resource = makeResource([]);
const scope = makeScope('t');
function trace(id: string, spans: [string, string, string][]): Trace {
  return {
    traceId: id,
    spans: spans.map(([spanId, parentSpanId, name]) =>
      makeSpan({
        traceId: id,
        spanId,
        parentSpanId,
        name,
        startTimeUnixNano: 1n,
        endTimeUnixNano: 2n,
        resource,
        scope,
      }),
    ),
  };
}

describe('learn', () => {
  it('adds edges seen in traces, marks unseen static edges, reports drift', async () => {
    const config = parseConfig(
      {
        version: '1.0',
        spans: { A: { priority: 0.5 }, B: { priority: 0.1 } },
        structure: {
          edges: [
            { from: 'A', to: 'B', kind: 'mandatory', origin: 'static' },
            { from: 'A', to: 'Z', kind: 'conditional', origin: 'static' },
          ],
        },
      },
      'c.json',
    );
    const traces = [
      trace('t1', [
        ['1', '', 'A'],
        ['2', '1', 'B'],
        ['3', '1', 'C'],
        ['4', '1', 'C'],
      ]),
      trace('t2', [
        ['1', '', 'A'],
        ['2', '1', 'B'],
        ['3', '9', 'orphan'],
        ['5', '5', 'self'],
      ]),
    ];
    const { config: out, drift } = await learn(config, traces);
    expect(drift.added).toEqual([{ from: 'A', to: 'C', count: 2 }]);
    expect(drift.unobserved).toEqual([{ from: 'A', to: 'Z' }]);
    expect(drift.observed).toBe(1);
    expect(drift.unknownSpans).toEqual(['C', 'orphan', 'self']);
    const edges = out.structure!.edges;
    expect(edges).toContainEqual({ from: 'A', to: 'C', kind: 'repeated', observed: true, origin: 'traces' });
    expect(edges).toContainEqual(expect.objectContaining({ from: 'A', to: 'Z', observed: false }));
    expect(parseConfig(JSON.parse(JSON.stringify(out)), 'round-trip')).toEqual(out);
  });
});
