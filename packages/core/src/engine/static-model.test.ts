import { describe, expect, it } from 'vitest';
import { type NodeSpec, traceOf } from '../../test/traces.js';
import type { StructureEdge } from '../config/config-schema.js';
import { parseConfig } from '../config/parse.js';
import { compileSpanRules } from '../config/span-rules.js';
import { structureModelOf } from '../config/structure-model.js';
import type { SpanDecision } from '../strategy.js';
import { buildTraceTree } from '../trace-tree.js';
import { AutoscopeEngine, type EngineDependencies } from './autoscope-engine.js';
import type { EngineOptions } from './options.js';

/** The analyzer's config as an engine dependency. */
function staticOf(edges: StructureEdge[], extra: Record<string, unknown> = {}): EngineDependencies {
  const config = parseConfig({ version: '1.0', structure: { edges }, ...extra }, 'test.json');
  return { staticStructure: structureModelOf(config), rules: compileSpanRules(config) };
}

/** root -> handle -> the given children, each child `durationUs` long. */
function request(children: readonly string[], durationUs = 130): NodeSpec {
  return {
    service: 'svc',
    name: 'GET /x',
    durationUs: 2000,
    children: [
      {
        service: 'svc',
        name: 'handle',
        durationUs: 1000,
        children: children.map((name) => ({ service: 'svc', name, durationUs })),
      },
    ],
  };
}

/** Runs traces through an engine; returns each trace's decisions by span name (first span of a name). */
function run(
  specs: readonly NodeSpec[],
  dependencies: EngineDependencies = {},
  options: Partial<EngineOptions> = {},
): Map<string, SpanDecision>[] {
  const engine = new AutoscopeEngine({ keepRatio: 0.5, budgetUnit: 'spans', ...options }, dependencies);
  return specs.map((spec, n) => {
    const decision = engine.decide(buildTraceTree(traceOf(spec, n)));
    const byName = new Map<string, SpanDecision>();
    decision.tree.spans.forEach((span, i) => {
      if (!byName.has(span.name)) byName.set(span.name, decision.decisions[i]!);
    });
    return byName;
  });
}

const edge = (from: string, to: string, kind: StructureEdge['kind'], source?: string): StructureEdge => ({
  from,
  to,
  kind,
  ...(source === undefined ? {} : { source }),
});

const SKELETON = [edge('GET /x', 'handle', 'mandatory')];

/** `count` requests with these children, their durations varying from 100 to 160 µs. */
function usual(count: number, children: readonly string[]): NodeSpec[] {
  return Array.from({ length: count }, (_, n) => request(children, 100 + (n % 7) * 10));
}

describe('a static model: known branches are not new structure', () => {
  const traces = [...usual(30, ['A']), request(['B'])];
  const model = staticOf([
    ...SKELETON,
    edge('handle', 'A', 'conditional'),
    edge('handle', 'B', 'conditional'),
  ]);

  it('without a model, the first sighting of a branch is new structure', () => {
    const last = run(traces).at(-1)!;
    expect(last.get('handle')?.reason).toBe('new_structure');
    expect(last.get('B')?.reason).toBe('new_structure');
  });

  it('with the model, it is a known branch: the branch point is pinned, nothing is new', () => {
    const last = run(traces, model).at(-1)!;
    expect(last.get('handle')).toMatchObject({ keep: true, reason: 'branch_pin' });
    expect(last.get('B')?.reason).not.toBe('new_structure');
  });

  it('a mandatory call site seen before and missing now is new structure, even with the model', () => {
    const edges = [...SKELETON, edge('handle', 'A', 'mandatory'), edge('handle', 'B', 'conditional')];
    const seen = [...usual(30, ['A']), request(['A', 'B']), request(['B'])];
    const decisions = run(seen, staticOf(edges));
    expect(decisions.at(-2)!.get('handle')?.reason).toBe('branch_pin');
    expect(decisions.at(-1)!.get('handle')?.reason).toBe('new_structure');
  });

  it('a mandatory edge that traces never showed (another naming) is not counted missing', () => {
    const edges = [
      ...SKELETON,
      edge('handle', 'Never.seen', 'mandatory'),
      edge('handle', 'A', 'conditional'),
    ];
    const decisions = run(
      [request(['B']), request(['A'])],
      staticOf([...edges, edge('handle', 'B', 'conditional')]),
    );
    expect(decisions[1]!.get('handle')?.reason).toBe('branch_pin');
  });
});

describe('a static model: mandatory children are implied from the first trace', () => {
  const traces = usual(30, ['A', 'B']);
  const edges = [...SKELETON, edge('handle', 'A', 'mandatory'), edge('handle', 'B', 'conditional')];

  it('drops the mandatory child as implied where the budget would keep it without the model', () => {
    const without = run(traces, {}, { keepRatio: 0.95 });
    const withModel = run(traces, staticOf(edges), { keepRatio: 0.95 });
    const keptWithout = without.slice(5).filter((d) => d.get('A')?.keep).length;
    expect(keptWithout).toBeGreaterThan(5);
    for (const d of withModel) expect(d.get('A')).toMatchObject({ keep: false, reason: 'implied' });
    // B is conditional: not implied, kept by the budget as before.
    expect(withModel.slice(5).filter((d) => d.get('B')?.keep).length).toBeGreaterThan(5);
  });

  it('members of a dominant set headed by the parent are implied too', () => {
    const sets = [{ id: 's', dominator: 'handle', members: ['B'] }];
    const decisions = run(traces, staticOf(edges, {}), { keepRatio: 0.95 });
    const withSet = run(
      traces,
      {
        staticStructure: structureModelOf(
          parseConfig({ version: '1.0', structure: { edges, dominantSets: sets } }, 's'),
        ),
      },
      { keepRatio: 0.95 },
    );
    expect(decisions.slice(5).filter((d) => d.get('B')?.keep).length).toBeGreaterThan(5);
    for (const d of withSet) expect(d.get('B')).toMatchObject({ keep: false, reason: 'implied' });
  });

  it('still keeps an implied child that is anomalous', () => {
    const slow = [...traces, request(['A', 'B'], 50_000)];
    const last = run(slow, staticOf(edges)).at(-1)!;
    expect(last.get('A')).toMatchObject({ keep: true, reason: 'anomaly' });
  });
});

describe('a static model: sets headed by a sibling, hostile shapes', () => {
  const edges = [
    ...SKELETON,
    edge('handle', 'Table.get', 'conditional'),
    edge('handle', 'Table.update', 'conditional'),
  ];
  const withSet = (extra: StructureEdge[] = []): EngineDependencies => ({
    staticStructure: structureModelOf(
      parseConfig(
        {
          version: '1.0',
          structure: {
            edges: [...edges, ...extra],
            dominantSets: [{ id: 'loop', dominator: 'Table.get', members: ['Table.update'], branch: true }],
          },
        },
        's.json',
      ),
    ),
  });

  it('a member of a set headed by a sibling is implied', () => {
    const traces = usual(30, ['Table.get', 'Table.update']);
    const without = run(traces, staticOf(edges), { keepRatio: 0.95 });
    expect(without.slice(5).filter((d) => d.get('Table.update')?.keep).length).toBeGreaterThan(2);
    for (const d of run(traces, withSet(), { keepRatio: 0.95 }))
      expect(d.get('Table.update')).toMatchObject({ keep: false, reason: 'implied' });
  });

  it('a wide parent of repeated set heads stays linear', () => {
    const wide = Array.from({ length: 4000 }, (_, n) => (n % 2 === 0 ? 'Table.get' : 'Table.update'));
    const many = Array.from({ length: 40 }, (_, n) => edge('handle', `site ${n}`, 'mandatory', `f.ts:${n}`));
    const started = performance.now();
    const decisions = run([request(wide), request(wide)], withSet(many));
    expect(decisions[1]!.get('GET /x')?.keep).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('a static model given as hasEdge alone', () => {
  it('is asked every time, so a reloaded answer counts at once', () => {
    let known = false;
    const engine = new AutoscopeEngine(
      { keepRatio: 0.5, budgetUnit: 'spans' },
      { staticStructure: { hasEdge: (from, to) => known && from === 'handle' && to.length === 1 } },
    );
    const reasons = (children: string[], n: number) => {
      const d = engine.decide(buildTraceTree(traceOf(request(children), n)));
      return d.tree.spans.map((span, i) => `${span.name}:${d.decisions[i]!.reason}`);
    };
    for (let n = 0; n < 20; n++) reasons(['A'], n);
    expect(reasons(['B'], 20)).toContain('B:new_structure');
    known = true;
    const after = reasons(['C'], 21);
    expect(after).not.toContain('C:new_structure');
    expect(after).not.toContain('handle:new_structure');
  });
});

describe('a static model: glob edge ends', () => {
  const traces = [...usual(30, ['GET kv:users']), request(['GET kv:orders'])];

  it('a child matching a glob edge is known structure', () => {
    const exact = run(traces, staticOf([...SKELETON, edge('handle', 'GET kv:users', 'conditional')])).at(-1)!;
    expect(exact.get('GET kv:orders')?.reason).toBe('new_structure');
    const glob = run(traces, staticOf([...SKELETON, edge('handle', 'GET kv:*', 'conditional')])).at(-1)!;
    expect(glob.get('GET kv:orders')?.reason).not.toBe('new_structure');
    expect(glob.get('handle')?.reason).toBe('branch_pin');
  });

  it('one call site with several possible names is satisfied by any of them', () => {
    const site = (to: string) => edge('handle', to, 'mandatory', 'kv.ts:3');
    const edges = [...SKELETON, site('GET kv:users'), site('GET kv:orders')];
    const last = run(traces, staticOf(edges)).at(-1)!;
    expect(last.get('handle')?.reason).toBe('branch_pin');
    expect(last.get('GET kv:orders')).toMatchObject({ keep: false, reason: 'implied' });
  });
});

describe('span rules: critical keeps, sample and importance weigh', () => {
  const names = ['Imp', 'Plain', 'Low', 'Norm', 'Crit'];
  const traces = [...usual(30, names), request(names, 250)];
  const config = {
    spans: {
      Imp: { sample: true, priority: 0.8 },
      Low: { sample: false, priority: 0.8 },
      Norm: { sample: true, priority: 0.8 },
    },
    overrides: [
      { match: 'Norm', priority: 'normal' },
      { match: 'Cri*', priority: 'critical' },
    ],
  };

  it('orders equal anomalies by the rule: sample true above unlisted above sample false and normal', () => {
    const last = run(traces, staticOf(SKELETON, config), { topK: 0 }).at(-1)!;
    const score = (name: string) => last.get(name)!.score;
    expect(score('Plain')).toBeGreaterThan(3.5);
    expect(score('Imp')).toBeCloseTo(score('Plain') * 1.8 + 0.8, 6);
    expect(score('Low')).toBeCloseTo(score('Plain') * 0.9, 6);
    expect(score('Norm')).toBeCloseTo(score('Plain') * 0.55, 6);
    expect(last.get('Crit')).toMatchObject({ keep: true, reason: 'critical' });
  });

  it('without rules every span weighs the same, and critical is not kept by a rule', () => {
    const last = run(traces, {}, { topK: 0 }).at(-1)!;
    expect(last.get('Imp')!.score).toBeCloseTo(last.get('Plain')!.score, 6);
    expect(last.get('Crit')?.reason).not.toBe('critical');
  });

  it('an important span is preferred over a normal one when nothing is anomalous', () => {
    const calm = run(traces.slice(0, 30), staticOf(SKELETON, config), { keepRatio: 0.5 }).slice(15);
    expect(calm.filter((d) => d.get('Imp')?.keep).length).toBeGreaterThan(
      calm.filter((d) => d.get('Plain')?.keep).length,
    );
  });
});
