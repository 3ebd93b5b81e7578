/**
 * The tree-sitter function walker shared by Python, Java and Go: each language says what shape a
 * syntax node has (branch, loop, try, call …); the walker feeds the CSCFG builder in source order.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { CscfgBuilder } from '../cscfg-builder.js';
import type { CallTarget, FunctionIR } from '../model.js';

/** The control-flow meaning of a syntax node. */
export type Shape =
  | {
      readonly kind: 'if';
      readonly cond: Node | null;
      readonly arms: readonly (Node | null)[];
      readonly exhaustive: boolean;
    }
  | {
      readonly kind: 'loop';
      readonly before: readonly (Node | null)[];
      readonly body: readonly (Node | null)[];
    }
  | {
      readonly kind: 'try';
      readonly body: readonly (Node | null)[];
      readonly handlers: readonly Node[];
      readonly finalizer: Node | null;
    }
  | { readonly kind: 'return' | 'throw'; readonly value: Node | null }
  | { readonly kind: 'break' | 'continue' | 'skip' }
  | { readonly kind: 'call'; readonly node: Node; readonly inner: readonly (Node | null)[] }
  | {
      readonly kind: 'span';
      readonly name: string;
      readonly before: readonly (Node | null)[];
      readonly body: Node | null;
    };

/** What a language provides to the walker. */
export interface LanguageRules {
  /** The shape of a node, or undefined to walk its children in order. */
  shape(node: Node): Shape | undefined;
  /** What a call node calls, or undefined when it is not kept. */
  resolve(call: Node): CallTarget | undefined;
  /** Extra error-handling evidence (Go: `if err != nil`). */
  isErrorCheck?(node: Node): boolean;
}

/** Where a function lives, for ids and sources. */
export interface WalkTarget {
  readonly path: string;
  readonly id: string;
  readonly span: string;
  readonly origin: FunctionIR['origin'];
  readonly node: Node;
  readonly body: Node | null;
}

/** Walks one function; span blocks inside it become functions of their own, pushed to `out`. */
export function walkTreeFunction(rules: LanguageRules, t: WalkTarget, out: FunctionIR[]): FunctionIR {
  const b = new CscfgBuilder();
  const state = { errorHandling: false, complexity: 1 };
  const visit = (node: Node | null): void => {
    if (node === null) return;
    if (rules.isErrorCheck?.(node)) state.errorHandling = true;
    const shape = rules.shape(node);
    if (shape === undefined) {
      for (const child of node.namedChildren) visit(child);
      return;
    }
    switch (shape.kind) {
      case 'if':
        state.complexity += Math.max(1, shape.arms.length - (shape.exhaustive ? 1 : 0));
        visit(shape.cond);
        b.branch(
          shape.arms.map((arm) => () => visit(arm)),
          shape.exhaustive,
        );
        return;
      case 'loop':
        state.complexity++;
        shape.before.forEach(visit);
        b.loop(() => shape.body.forEach(visit));
        return;
      case 'try':
        if (shape.handlers.length > 0) state.errorHandling = true;
        state.complexity += shape.handlers.length;
        b.tryStatement(
          () => shape.body.forEach(visit),
          shape.handlers.length === 0
            ? undefined
            : () =>
                b.branch(
                  shape.handlers.map((h) => () => visit(h)),
                  true,
                ),
          shape.finalizer === null ? undefined : () => visit(shape.finalizer),
        );
        return;
      case 'return':
      case 'throw':
        if (shape.kind === 'throw') state.errorHandling = true;
        visit(shape.value);
        b.exit(shape.kind === 'return');
        return;
      case 'break':
      case 'continue':
        b.jump(shape.kind === 'continue');
        return;
      case 'skip':
        return;
      case 'call': {
        shape.inner.forEach(visit);
        const target = rules.resolve(shape.node);
        if (target !== undefined) b.call({ target, source: `${t.path}:${line(shape.node)}` });
        return;
      }
      case 'span': {
        shape.before.forEach(visit);
        const id = `${t.path}#span:${shape.name}@${line(node)}`;
        const inner = { ...t, id, span: shape.name, origin: 'span' as const, node, body: shape.body };
        out.push(walkTreeFunction(rules, inner, out));
        b.call({ target: { kind: 'function', id }, source: `${t.path}:${line(node)}` });
        return;
      }
    }
  };
  if (t.body !== null) for (const child of t.body.namedChildren) visit(child);
  return {
    id: t.id,
    span: t.span,
    origin: t.origin,
    source: `${t.path}:${line(t.node)}`,
    graph: b.finish(),
    ...state,
  };
}

/** 1-based line of a node. */
export function line(node: Node): number {
  return node.startPosition.row + 1;
}

/** The text of a string literal node without quotes (undefined when not a plain literal). */
export function stringValue(node: Node | null): string | undefined {
  if (node === null) return undefined;
  const m = /^[rbuf]*("""|'''|"|'|`)([\s\S]*)\1$/i.exec(node.text);
  return m?.[2];
}
