import { describe, expect, it } from 'vitest';
import { parseConfig } from './parse.js';
import { structureModelOf } from './structure-model.js';

describe('structureModelOf', () => {
  it('indexes edges, mandatory children and dominant sets', () => {
    const model = structureModelOf(
      parseConfig(
        {
          version: '1.0',
          structure: {
            edges: [
              { from: 'A', to: 'B', kind: 'mandatory' },
              { from: 'A', to: 'C', kind: 'conditional' },
              { from: 'A', to: 'C', kind: 'mandatory' },
              { from: 'B', to: 'D', kind: 'repeated', observed: false },
            ],
            dominantSets: [{ id: 's1', dominator: 'A', members: ['B', 'C'] }],
          },
        },
        's.json',
      ),
    );
    expect(model.present).toBe(true);
    expect(model.hasEdge('A', 'B')).toBe(true);
    expect(model.hasEdge('B', 'A')).toBe(false);
    expect(model.hasEdge('B', 'D')).toBe(true);
    expect(model.mandatoryChildren.get('A')).toEqual(['B', 'C']);
    expect(model.children.get('A')).toEqual(['B', 'C']);
    expect(model.edgeKinds.get('A\u0000C')).toBe('mandatory');
    expect(model.setsBySpan.get('C')?.[0]?.id).toBe('s1');
    expect(model.setsByDominator.get('A')).toHaveLength(1);
  });

  it('is empty for a seed-shaped file', () => {
    const model = structureModelOf(parseConfig({ version: '1.0', spans: {} }, 'x'));
    expect(model.present).toBe(false);
    expect(model.edges.size).toBe(0);
  });

  it('matches edges and sets with glob ends, mandatory winning', () => {
    const model = structureModelOf(
      parseConfig(
        {
          version: '1.0',
          structure: {
            edges: [
              { from: 'Cache.lookup', to: 'GET kv:*', kind: 'conditional' },
              { from: 'GET /*', to: 'GET kv:users', kind: 'mandatory', source: 'a.ts:3' },
              { from: 'GET /*', to: 'GET kv:orders', kind: 'mandatory', source: 'a.ts:3' },
              { from: 'GET /*', to: 'audit', kind: 'mandatory', source: 'a.ts:9' },
            ],
            dominantSets: [{ id: 's', dominator: 'GET /*', members: ['log ?'] }],
          },
        },
        's.json',
      ),
    );
    expect(model.hasEdge('Cache.lookup', 'GET kv:orders')).toBe(true);
    expect(model.hasEdge('Cache.lookup', 'GET kv')).toBe(false);
    expect(model.edgeKind('Cache.lookup', 'GET kv:users')).toBe('conditional');
    expect(model.edgeKind('GET /home', 'GET kv:users')).toBe('mandatory');
    expect(model.edgeKind('POST /home', 'GET kv:users')).toBeUndefined();
    const groups = model.requiredGroups('GET /home');
    expect(groups.map((g) => g.names)).toEqual([['GET kv:users', 'GET kv:orders'], ['audit']]);
    expect(groups[0]!.matches('GET kv:orders')).toBe(true);
    expect(groups[0]!.matches('audit')).toBe(false);
    expect(model.requiredGroups('Cache.lookup')).toEqual([]);
    expect(model.setMembers('GET /x')?.('log a')).toBe(true);
    expect(model.setMembers('GET /x')?.('log ab')).toBe(false);
    expect(model.setMembers('Cache.lookup')).toBeUndefined();
  });

  it('answers right past its pair cache limit, names that share a prefix or a separator included', () => {
    const edges = [];
    for (let k = 0; k < 6000; k++) {
      edges.push({ from: `P${k % 50}`, to: `C${k}`, kind: k % 3 === 0 ? 'mandatory' : 'conditional' });
    }
    edges.push({ from: 'a\u0000b', to: 'c', kind: 'conditional' });
    edges.push({ from: 'GET kv:*', to: 'read', kind: 'mandatory' });
    const model = structureModelOf(parseConfig({ version: '1.0', structure: { edges } }, 's.json'));
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < 6000; k++) {
        expect(model.edgeKind(`P${k % 50}`, `C${k}`)).toBe(k % 3 === 0 ? 'mandatory' : 'conditional');
        expect(model.hasEdge(`P${(k + 1) % 50}`, `C${k}`)).toBe(false);
      }
    }
    expect(model.hasEdge('a\u0000b', 'c')).toBe(true);
    expect(model.edgeKind('GET kv:users', 'read')).toBe('mandatory');
    expect(model.hasEdge('GET kv:users', 'write')).toBe(false);
  });
});
