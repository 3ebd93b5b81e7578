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
});
