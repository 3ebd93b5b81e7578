import type { StructureMode } from '../engine/options.js';
import { type AnyValue, isErrorSpan, type KeyValue, type Span } from '../model.js';
import type { TraceTree } from '../trace-tree.js';
import { AutoscopeAttributes as A } from './attributes.js';
import { spanDurationOf } from './timing-digest.js';

/** Dropped siblings of one name at least this many times form a repeat group. */
const REPEAT_MIN = 3;

interface OperationStats {
  count: number;
  sum: number;
  min: number;
  max: number;
  errors: number;
}

/**
 * The statistics of one name. Durations (ns) are declared NaN so that V8 holds them as doubles from the
 * first object: a field that first held small integers changes representation at the first duration
 * over 2^30 ns (1.07 s), and the code reading it is compiled again.
 */
class NameStats implements OperationStats {
  count = 1;
  sum = Number.NaN;
  min = Number.NaN;
  max = Number.NaN;
  errors: number;

  constructor(duration: number, error: number) {
    this.sum = duration;
    this.min = duration;
    this.max = duration;
    this.errors = error;
  }
}

/** Per kept span: statistics of dropped operations below it, by span name. */
export type DroppedRegions = ReadonlyMap<number, ReadonlyMap<string, OperationStats>>;

/** The answer when no span has a region (most small traces): shared, never written. */
const NO_REGIONS: DroppedRegions = new Map();

/**
 * Statistics of the dropped spans under each kept span (down to the next kept spans): in `summary` mode
 * every dropped span, otherwise only dropped repeat groups (at least `REPEAT_MIN` dropped children of one
 * parent with the same name). Parents with fewer children than that cost nothing in the second case.
 */
export function droppedRegions(
  tree: TraceTree,
  kept: Uint8Array,
  anchors: Int32Array,
  mode: StructureMode,
): DroppedRegions {
  if (mode === 'summary') {
    const regions = new Map<number, Map<string, OperationStats>>();
    for (let i = 0; i < tree.spans.length; i++) {
      if (kept[i] !== 1 && anchors[i]! >= 0) addStats(regionOf(regions, anchors[i]!), tree.spans[i]!);
    }
    return regions;
  }
  let regions: Map<number, Map<string, OperationStats>> | undefined;
  for (let p = 0; p < tree.spans.length; p++) {
    const kids = tree.children[p]!;
    if (kids.length < REPEAT_MIN || droppedAmong(kids, kept) < REPEAT_MIN) continue;
    const counts = kids.length <= SCAN_CHILDREN ? undefined : droppedByName(tree, kids, kept);
    for (let k = 0; k < kids.length; k++) {
      const c = kids[k]!;
      const span = tree.spans[c]!;
      if (kept[c] === 1 || anchors[c]! < 0) continue;
      const repeats =
        counts === undefined ? droppedNamed(tree, kids, kept, span.name) : counts.get(span.name)!;
      if (repeats < REPEAT_MIN) continue;
      regions ??= new Map();
      addStats(regionOf(regions, anchors[c]!), span);
    }
  }
  return regions ?? NO_REGIONS;
}

/** Children lists up to this long count a name's dropped siblings by a scan (no map). */
const SCAN_CHILDREN = 16;

function droppedAmong(kids: readonly number[], kept: Uint8Array): number {
  let dropped = 0;
  for (let k = 0; k < kids.length; k++) if (kept[kids[k]!] !== 1) dropped++;
  return dropped;
}

function droppedNamed(tree: TraceTree, kids: readonly number[], kept: Uint8Array, name: string): number {
  let count = 0;
  for (let k = 0; k < kids.length; k++) {
    const c = kids[k]!;
    if (kept[c] !== 1 && tree.spans[c]!.name === name) count++;
  }
  return count;
}

function droppedByName(tree: TraceTree, kids: readonly number[], kept: Uint8Array): Map<string, number> {
  const counts = new Map<string, number>();
  for (let k = 0; k < kids.length; k++) {
    const c = kids[k]!;
    if (kept[c] !== 1) counts.set(tree.spans[c]!.name, (counts.get(tree.spans[c]!.name) ?? 0) + 1);
  }
  return counts;
}

/** The `autoscope.dropped` (summary) or `autoscope.repeats` attribute of a kept span, if any. */
export function regionAttribute(
  regions: DroppedRegions,
  i: number,
  mode: StructureMode,
): KeyValue | undefined {
  const table = regions.get(i);
  if (table === undefined || table.size === 0) return undefined;
  const values: KeyValue[] = new Array(table.size);
  let k = 0;
  table.forEach((s, name) => {
    values[k++] = { key: name, value: { arrayValue: { values: statsValues(s) } } };
  });
  return { key: mode === 'summary' ? A.DROPPED : A.REPEATS, value: { kvlistValue: { values } } };
}

/** `[count, sum, min, max, errors]` as int values (small ones' BigInts shared: they are immutable). */
function statsValues(s: OperationStats): AnyValue[] {
  return [intValue(s.count), intValue(s.sum), intValue(s.min), intValue(s.max), intValue(s.errors)];
}

const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 1024 }, (_, v) => BigInt(v));

function intValue(v: number): AnyValue {
  return {
    intValue: v >= 0 && v < SMALL_BIGINTS.length && Number.isInteger(v) ? SMALL_BIGINTS[v]! : BigInt(v),
  };
}

function regionOf(
  regions: Map<number, Map<string, OperationStats>>,
  anchor: number,
): Map<string, OperationStats> {
  let region = regions.get(anchor);
  if (region === undefined) {
    region = new Map();
    regions.set(anchor, region);
  }
  return region;
}

function addStats(table: Map<string, OperationStats>, span: Span): void {
  // `Math.max(0, durationNanos(span))` without a BigInt subtraction per span.
  const duration = spanDurationOf(span);
  const stats = table.get(span.name);
  const error = isErrorSpan(span) ? 1 : 0;
  if (stats === undefined) {
    table.set(span.name, new NameStats(duration, error));
    return;
  }
  stats.count++;
  stats.sum += duration;
  stats.min = Math.min(stats.min, duration);
  stats.max = Math.max(stats.max, duration);
  stats.errors += error;
}
