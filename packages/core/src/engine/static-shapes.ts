import type { RequiredGroup } from '../config/edge-index.js';
import type { StructureModel } from '../config/structure-model.js';
import type { SpanLabel } from './span-labels.js';

/**
 * Static structure from the analyzer; only `hasEdge` is required, the rest refines decisions. A model with
 * `edgeKind` (a `StructureModel`) is taken as immutable and its answers are cached per label pair; a model
 * with `hasEdge` alone is asked each time, so it may change (a wrapper over a hot-reloaded config).
 */
export type StaticStructure = Pick<StructureModel, 'hasEdge'> &
  Partial<Pick<StructureModel, 'edgeKind' | 'requiredGroups' | 'setMembers'>>;

const KNOWN = 1;
const MANDATORY = 2;
const MEMBER = 4;
const SITE_SHIFT = 3;
/** Mandatory call sites tracked per parent (bits above the flags of a 32-bit integer); more are ignored. */
const MAX_GROUPS = 28;
/** Child labels remembered per parent label (labels themselves are bounded by the engine's cache). */
const PAIRS_PER_LABEL = 4096;
/** Distinct set heads among siblings whose members are marked: bounds the work on wide parents. */
const MAX_HEADS = 8;

/** What the model says about one span label (as a parent), cached on the label. */
export interface StaticLabel {
  readonly groups: readonly RequiredGroup[];
  /** Bit g: a child of group g was seen under this parent label in some trace. */
  satisfied: number;
  /** The label's name heads a dominant set (whose members may be its children or its siblings). */
  readonly dominator: boolean;
  /** Per child label: flags, plus the call sites it satisfies shifted by `SITE_SHIFT`. */
  readonly pairs: Map<SpanLabel, number>;
}

/**
 * The static model seen through span labels: each (parent label, child label) pair is looked up once
 * (glob matching included) and cached on the parent label, as are its mandatory call sites. One instance
 * per engine: the state lives on the engine's own interned labels.
 */
export class StaticShapes {
  private readonly model: StaticStructure;
  /** Distinct dominant-set heads among one parent's children (reused between calls). */
  private readonly heads: SpanLabel[] = [];

  private readonly cacheable: boolean;

  constructor(model: StaticStructure) {
    this.model = model;
    this.cacheable = model.edgeKind !== undefined;
  }

  /** True when the model knows the edge `parent -> child`. */
  knownEdge(parent: SpanLabel, child: SpanLabel): boolean {
    return (this.pair(parent, child) & KNOWN) !== 0;
  }

  /**
   * Reads one parent's children against the model: marks in `implied` the children the model says come
   * with their parent or a sibling (a mandatory edge, or a member of a dominant set headed by either),
   * and says whether this set of children is a branch the code is known to have: every child is a known
   * edge and no mandatory call site seen under this parent before is missing now.
   */
  observeChildren(
    parent: SpanLabel,
    kids: readonly number[],
    labels: readonly SpanLabel[],
    implied: Uint8Array,
  ): boolean {
    const state = this.parentState(parent);
    const heads = this.heads;
    heads.length = 0;
    let known = true;
    let present = 0;
    for (let c = 0; c < kids.length; c++) {
      const label = labels[kids[c]!]!;
      const value = this.pair(parent, label);
      if ((value & KNOWN) === 0) known = false;
      if ((value & (MANDATORY | MEMBER)) !== 0) implied[kids[c]!] = 1;
      present |= value >>> SITE_SHIFT;
      if (heads.length < MAX_HEADS && this.parentState(label).dominator && !heads.includes(label))
        heads.push(label);
    }
    for (let h = 0; h < heads.length; h++) this.markSiblings(heads[h]!, kids, labels, implied);
    const missing = state.satisfied & ~present;
    state.satisfied |= present;
    return known && missing === 0;
  }

  /** Marks the siblings that are members of a set headed by `head` (a sibling too). */
  private markSiblings(
    head: SpanLabel,
    kids: readonly number[],
    labels: readonly SpanLabel[],
    implied: Uint8Array,
  ): void {
    for (let c = 0; c < kids.length; c++) {
      const label = labels[kids[c]!]!;
      if (label !== head && (this.pair(head, label) & MEMBER) !== 0) implied[kids[c]!] = 1;
    }
  }

  /** Flags of a pair plus, shifted by `SITE_SHIFT`, the bits of the parent's call sites the child satisfies. */
  private pair(parent: SpanLabel, child: SpanLabel): number {
    if (!this.cacheable) return this.model.hasEdge(parent.name, child.name) ? KNOWN : 0;
    const pairs = this.parentState(parent).pairs;
    let value = pairs.get(child);
    if (value === undefined) {
      value = this.lookup(parent, child);
      if (pairs.size >= PAIRS_PER_LABEL) pairs.clear();
      pairs.set(child, value);
    }
    return value;
  }

  private lookup(parent: SpanLabel, child: SpanLabel): number {
    const model = this.model;
    const kind = model.edgeKind?.(parent.name, child.name);
    let flags = kind !== undefined ? KNOWN : 0;
    if (kind === 'mandatory') flags |= MANDATORY;
    if (model.setMembers?.(parent.name)?.(child.name) === true) flags |= MEMBER;
    const groups = this.parentState(parent).groups;
    let sites = 0;
    for (let g = 0; g < groups.length; g++) if (groups[g]!.matches(child.name)) sites |= 1 << g;
    return flags | (sites << SITE_SHIFT);
  }

  private parentState(parent: SpanLabel): StaticLabel {
    let state = parent.statics;
    if (state === undefined) {
      const groups = this.model.requiredGroups?.(parent.name) ?? [];
      state = {
        groups: groups.slice(0, MAX_GROUPS),
        satisfied: 0,
        dominator: this.model.setMembers?.(parent.name) !== undefined,
        pairs: new Map(),
      };
      parent.statics = state;
    }
    return state;
  }
}
