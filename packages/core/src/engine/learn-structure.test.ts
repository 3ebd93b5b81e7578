import { describe, expect, it } from 'vitest';
import { traceOf } from '../../test/traces.js';
import { buildTraceTree } from '../trace-tree.js';
import { AutoscopeEngine } from './autoscope-engine.js';
import type { TraceAnalysis } from './trace-analysis.js';

/** The top-k children by Z-score (above 0) of each parent, ties to the earlier child: a sort-based reference. */
function referencePreferred(analysis: TraceAnalysis, k: number): number[] {
  const marked: number[] = [];
  for (const kids of analysis.tree.children) {
    const ranked = [...kids].sort((a, b) => analysis.z[b]! - analysis.z[a]!).slice(0, k);
    for (const i of ranked) if (analysis.z[i]! > 0) marked.push(i);
  }
  return marked.sort((a, b) => a - b);
}

function trace(n: number, slow: readonly number[]) {
  const children = [0, 1, 2, 3, 4].map((c) => ({
    service: 'b',
    name: `op${c % 2}`,
    durationUs: slow.includes(c) ? 5000 : 100 + ((n * 7 + c * 3) % 11),
  }));
  return buildTraceTree(traceOf({ service: 'a', name: 'root', durationUs: 9000, children }, n));
}

describe('learnStructure: preferred spans of each dominant set', () => {
  it('marks the top-k children by Z-score above 0, ties to the earlier child', () => {
    for (const topK of [0, 1, 2, 3]) {
      const engine = new AutoscopeEngine({ topK, keepRatio: 0.2 });
      for (let n = 0; n < 80; n++) engine.decide(trace(n, []));
      let marked = 0;
      for (const slow of [[1, 3], [0, 2, 4], [4], []]) {
        const analysis = engine.analyse(trace(100 + marked, slow));
        const preferred = analysis.tree.spans.map((_, i) => i).filter((i) => analysis.preferred[i] === 1);
        expect(preferred).toEqual(referencePreferred(analysis, topK));
        marked += preferred.length;
      }
      // Slow children score above 0, so each k above 0 marks some (the check above cannot pass vacuously).
      if (topK > 0) expect(marked).toBeGreaterThan(0);
    }
  });
});
