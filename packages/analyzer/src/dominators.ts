/**
 * Dominators on a small directed graph (Cooper, Harvey and Kennedy's iterative algorithm).
 * Nodes are 0..n-1; `start` reaches the others through `succ`.
 */

/** Immediate dominator of each node (`start` maps to itself; unreachable nodes to -1). */
export function immediateDominators(
  n: number,
  start: number,
  succ: readonly (readonly number[])[],
): Int32Array {
  const order = reversePostorder(n, start, succ);
  const rank = new Int32Array(n).fill(-1);
  order.forEach((v, i) => {
    rank[v] = i;
  });
  const pred: number[][] = Array.from({ length: n }, () => []);
  for (let v = 0; v < n; v++) for (const w of succ[v]!) pred[w]!.push(v);
  const idom = new Int32Array(n).fill(-1);
  idom[start] = start;
  for (let changed = true; changed; ) {
    changed = false;
    for (const v of order) {
      if (v === start) continue;
      let next = -1;
      for (const p of pred[v]!) {
        if (idom[p] === -1) continue;
        next = next === -1 ? p : intersect(p, next, idom, rank);
      }
      if (next !== -1 && idom[v] !== next) {
        idom[v] = next;
        changed = true;
      }
    }
  }
  return idom;
}

function intersect(a: number, b: number, idom: Int32Array, rank: Int32Array): number {
  while (a !== b) {
    while (rank[a]! > rank[b]!) a = idom[a]!;
    while (rank[b]! > rank[a]!) b = idom[b]!;
  }
  return a;
}

function reversePostorder(n: number, start: number, succ: readonly (readonly number[])[]): number[] {
  const seen = new Uint8Array(n);
  const out: number[] = [];
  const stack: [number, number][] = [[start, 0]];
  seen[start] = 1;
  while (stack.length > 0) {
    const top = stack.at(-1)!;
    const list = succ[top[0]]!;
    if (top[1] < list.length) {
      const w = list[top[1]++]!;
      if (!seen[w]) {
        seen[w] = 1;
        stack.push([w, 0]);
      }
    } else {
      out.push(top[0]);
      stack.pop();
    }
  }
  return out.reverse();
}

/** True when `a` dominates `b` under `idom` (every node dominates itself). */
export function dominates(idom: Int32Array, a: number, b: number): boolean {
  for (let v = b; v !== -1; v = idom[v]!) {
    if (v === a) return true;
    if (idom[v] === v) return false;
  }
  return false;
}
