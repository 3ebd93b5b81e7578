import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DETERMINISTIC_BRANCH, LearnedStructure, NEW_BRANCH, RARE_BRANCH } from './learned-structure.js';

/** The branch bits as specified, from a plain map per parent (the reference). */
class ReferenceStructure {
  private readonly parents = new Map<number, { total: number; signatures: Map<number, number> }>();
  saturated = 0;

  constructor(
    private readonly maxParents: number,
    private readonly maxSignatures: number,
  ) {}

  observe(parent: number, signature: number, rare: number): number {
    let record = this.parents.get(parent);
    if (record === undefined) {
      if (this.parents.size >= this.maxParents) {
        this.saturated++;
        return 1 < rare ? RARE_BRANCH : 0;
      }
      record = { total: 0, signatures: new Map() };
      this.parents.set(parent, record);
    }
    const seen = record.signatures.get(signature);
    const full = record.signatures.size >= this.maxSignatures;
    const frequency = record.total === 0 ? 1 : (seen ?? 0) / record.total;
    let bits = 0;
    if (seen === undefined && record.total > 0 && !full) bits |= NEW_BRANCH;
    if (frequency < rare) bits |= RARE_BRANCH;
    if (record.signatures.size <= 1 && (seen !== undefined || record.total === 0))
      bits |= DETERMINISTIC_BRANCH;
    record.total++;
    if (seen !== undefined) record.signatures.set(signature, seen + 1);
    else if (!full) record.signatures.set(signature, 1);
    else this.saturated++;
    return bits;
  }
}

describe('LearnedStructure.observeBranch', () => {
  it('gives the reference bits with many signatures per parent (inline and spilled) and full limits', () => {
    const observation = fc.noBias(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 30 })));
    fc.assert(
      fc.property(
        fc.array(observation, { minLength: 50, maxLength: 300 }),
        fc.integer({ min: 1, max: 24 }),
        (seq, maxSig) => {
          const learned = new LearnedStructure({ maxParents: 3, maxSignaturesPerParent: maxSig });
          const reference = new ReferenceStructure(3, maxSig);
          for (const [parent, signature] of seq) {
            // Signatures above 2^32 as the engine's are (not small integers).
            const key = signature * 0x100000001 + 0.5;
            expect(learned.observeBranch(parent * 1e12, key, 0.2)).toBe(
              reference.observe(parent * 1e12, key, 0.2),
            );
          }
          expect(learned.saturated).toBe(reference.saturated);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('observes through a held record exactly as through the parent hash', () => {
    const byHash = new LearnedStructure();
    const held = new LearnedStructure();
    const record = held.branchesOf(42)!;
    const signatures = [1, 1, 2, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 11, 12];
    for (const signature of signatures) {
      expect(held.observeBranchIn(record, signature, 0.1)).toBe(byHash.observeBranch(42, signature, 0.1));
    }
    expect(held.branchesOf(42)).toBe(record);
  });
});
