import { immediateDominators } from './dominators.js';
import type { BlockIR, CallSiteIR, CscfgIR } from './model.js';

interface Node {
  readonly real: boolean;
  readonly calls: CallSiteIR[];
  readonly succ: Set<number>;
  readonly loop: boolean;
  readonly handler: boolean;
}

const ENTRY = 0;
const EXIT = 1;

/**
 * Builds a call-site control-flow graph while a front end walks a function body in source order.
 * Front ends describe structure (branches, loops, try, exits) with callbacks; calls that follow one
 * another with no control flow between them share a block. Virtual nodes join the structure and
 * are contracted away in `finish()`, which also marks each block mandatory, conditional or repeated.
 */
export class CscfgBuilder {
  private readonly nodes: Node[] = [];
  private frontier = new Set<number>([ENTRY]);
  private open: number | undefined;
  private loopDepth = 0;
  private handlerDepth = 0;
  private readonly loops: { head: number; exit: number }[] = [];
  private readonly throwSinks = new Set<number>();

  constructor() {
    this.nodes.push(this.node(false), this.node(false));
  }

  private node(real: boolean): Node {
    return { real, calls: [], succ: new Set(), loop: this.loopDepth > 0, handler: this.handlerDepth > 0 };
  }

  private add(real: boolean): number {
    this.nodes.push(this.node(real));
    return this.nodes.length - 1;
  }

  private linkTo(target: number): void {
    for (const f of this.frontier) this.nodes[f]!.succ.add(target);
  }

  /** Records a resolved call at the current point. */
  call(site: CallSiteIR): void {
    if (this.open !== undefined && this.frontier.size === 1 && this.frontier.has(this.open)) {
      this.nodes[this.open]!.calls.push(site);
      return;
    }
    const id = this.add(true);
    this.nodes[id]!.calls.push(site);
    this.linkTo(id);
    this.frontier = new Set([id]);
    this.open = id;
  }

  /** Alternatives (if/else, switch, ternary, &&): each arm runs from here; `exhaustive` when one must run. */
  branch(arms: readonly (() => void)[], exhaustive: boolean): void {
    const start = this.frontier;
    const out = new Set<number>(exhaustive ? [] : start);
    for (const arm of arms) {
      this.frontier = new Set(start);
      this.open = undefined;
      arm();
      for (const f of this.frontier) out.add(f);
    }
    this.frontier = out;
    this.open = undefined;
  }

  /** A loop: the body may run zero or more times; `break`/`continue` refer to it. */
  loop(body: () => void): void {
    const head = this.add(false);
    const exit = this.add(false);
    this.linkTo(head);
    this.loops.push({ head, exit });
    this.loopDepth++;
    this.frontier = new Set([head]);
    this.open = undefined;
    body();
    this.linkTo(head);
    this.loopDepth--;
    this.loops.pop();
    this.frontier = new Set([head, exit]);
    this.open = undefined;
  }

  /** try/catch/finally: the handler may start after any call of the body; finally always runs. */
  tryStatement(body: () => void, handler?: () => void, finalizer?: () => void): void {
    const start = new Set(this.frontier);
    const firstNode = this.nodes.length;
    body();
    const merged = new Set(this.frontier);
    if (handler !== undefined) {
      // The handler runs after some call of the body failed (the call itself still ran), or before any.
      const bodyBlocks = [];
      for (let n = firstNode; n < this.nodes.length; n++) if (this.nodes[n]!.real) bodyBlocks.push(n);
      this.frontier = bodyBlocks.length > 0 ? new Set(bodyBlocks) : start;
      this.open = undefined;
      this.inHandler(handler);
      for (const f of this.frontier) merged.add(f);
    }
    this.frontier = merged;
    this.open = undefined;
    if (finalizer !== undefined) this.inHandler(finalizer);
  }

  private inHandler(run: () => void): void {
    this.handlerDepth++;
    run();
    this.handlerDepth--;
  }

  /** `return` (normal) or `throw`/`raise`/`panic` (not normal): nothing after it runs on this path. */
  exit(normal: boolean): void {
    if (normal) this.linkTo(EXIT);
    else for (const f of this.frontier) this.throwSinks.add(f);
    this.frontier = new Set();
    this.open = undefined;
  }

  /** `break` (or `continue` when `toHead`) of the innermost loop; ignored outside loops. */
  jump(toHead: boolean): void {
    const loop = this.loops.at(-1);
    if (loop === undefined) return;
    this.linkTo(toHead ? loop.head : loop.exit);
    this.frontier = new Set();
    this.open = undefined;
  }

  /** Ends the function and returns its graph with block kinds set. */
  finish(): CscfgIR {
    this.linkTo(EXIT);
    this.frontier = new Set();
    return contract(this.nodes, this.throwSinks);
  }
}

function contract(nodes: readonly Node[], throwSinks: ReadonlySet<number>): CscfgIR {
  const ids = new Map<number, number>();
  nodes.forEach((n, i) => {
    if (n.real) ids.set(i, ids.size);
  });
  const reach = (from: number) => realSuccessors(nodes, from, ids);
  const blocks: BlockIR[] = [];
  for (const [node, id] of ids) {
    const n = nodes[node]!;
    const next = new Set<number>([...reach(node)].filter((s) => s !== EXIT).map((s) => ids.get(s)!));
    blocks.push({ id, calls: n.calls, next, loop: n.loop, handler: n.handler, kind: 'conditional' });
  }
  const fromEntry = reach(ENTRY);
  const entry = [...fromEntry].filter((s) => s !== EXIT).map((s) => ids.get(s)!);
  const exits = [...ids].filter(([node]) => reach(node).has(EXIT)).map(([, id]) => id);
  const sinks = [...throwSinks].filter((s) => nodes[s]!.real).map((s) => ids.get(s)!);
  markKinds(blocks, { entry, exits, sinks, emptyPath: fromEntry.has(EXIT) });
  return { blocks, entry, exits, emptyPath: fromEntry.has(EXIT) };
}

function realSuccessors(nodes: readonly Node[], from: number, ids: ReadonlyMap<number, number>): Set<number> {
  const out = new Set<number>();
  const seen = new Set<number>([from]);
  const stack = [...nodes[from]!.succ];
  while (stack.length > 0) {
    const v = stack.pop()!;
    if (seen.has(v)) continue;
    seen.add(v);
    if (v === EXIT || ids.has(v)) out.add(v);
    else stack.push(...nodes[v]!.succ);
  }
  return out;
}

/** Mandatory blocks lie on every path from entry to a normal exit (they dominate the exit). */
function markKinds(
  blocks: BlockIR[],
  ends: { entry: readonly number[]; exits: readonly number[]; sinks: readonly number[]; emptyPath: boolean },
): void {
  const { entry, exits, sinks } = ends;
  const n = blocks.length;
  const start = n;
  const end = n + 1;
  const build = (to: readonly number[]) => {
    const succ: number[][] = blocks.map((b) => [...b.next]);
    succ.push(ends.emptyPath ? [...entry, end] : [...entry], []);
    for (const e of to) succ[e]!.push(end);
    return immediateDominators(n + 2, start, succ);
  };
  let idom = build(exits);
  if (idom[end] === -1) idom = build([...exits, ...sinks]);
  const mandatory = new Set<number>();
  if (idom[end] !== -1) for (let v = idom[end]!; v !== start && v !== -1; v = idom[v]!) mandatory.add(v);
  for (const b of blocks) b.kind = b.loop ? 'repeated' : mandatory.has(b.id) ? 'mandatory' : 'conditional';
}
