/** Walks one TypeScript/JavaScript function body in evaluation order, feeding a CSCFG builder. */
import ts from 'typescript';
import { CscfgBuilder } from '../cscfg-builder.js';
import type { CallTarget, FunctionIR } from '../model.js';

/** What the walker needs from the front end. */
export interface WalkContext {
  readonly file: ts.SourceFile;
  /** Path relative to the analysis root. */
  readonly path: string;
  /** The id of a named function node (it is analysed on its own, so it is not inlined). */
  idOfNode(node: ts.Node): string | undefined;
  /** Resolves what a call calls, or undefined for calls that are not kept. */
  resolve(call: ts.CallExpression | ts.NewExpression): CallTarget | undefined;
  /** A project function passed by reference as a callback argument, or undefined. */
  reference(expr: ts.Expression): CallTarget | undefined;
  /** Registers a function found while walking (span callbacks). */
  addFunction(fn: FunctionIR): void;
  /** True when the call registers a route (its handler is analysed as a route, not inlined). */
  isRoute(call: ts.CallExpression): boolean;
  /** The names (or globs) a span-name expression can take; undefined when none is useful. */
  spanNames(expr: ts.Expression): string[] | undefined;
}

const ITERATORS = new Set([
  'forEach',
  'map',
  'filter',
  'reduce',
  'flatMap',
  'some',
  'every',
  'find',
  'findIndex',
]);
const SEQUENTIAL = new Set(['then', 'finally']);

/** Analyses a function-like node into a FunctionIR. */
export function walkFunction(
  ctx: WalkContext,
  node: ts.Node,
  id: string,
  names: string | readonly string[],
  origin: FunctionIR['origin'],
): FunctionIR {
  const w = new Walker(ctx);
  w.body(node);
  const line = ctx.file.getLineAndCharacterOfPosition(node.getStart(ctx.file)).line + 1;
  const all = typeof names === 'string' ? [names] : names;
  return {
    id,
    span: all[0] ?? id,
    ...(all.length > 1 ? { names: all } : {}),
    origin,
    source: `${ctx.path}:${line}`,
    graph: w.builder.finish(),
    errorHandling: w.errorHandling,
    complexity: w.complexity,
  };
}

class Walker {
  readonly builder = new CscfgBuilder();
  errorHandling = false;
  complexity = 1;
  private readonly breakables: ('loop' | 'switch')[] = [];

  constructor(private readonly ctx: WalkContext) {}

  /** Walks the body of a function-like node (expression bodies included). */
  body(fn: ts.Node): void {
    const b = (fn as { body?: ts.Node }).body;
    if (b !== undefined) this.visit(b);
  }

  private line(node: ts.Node): number {
    return this.ctx.file.getLineAndCharacterOfPosition(node.getStart(this.ctx.file)).line + 1;
  }

  private visit = (node: ts.Node | undefined): void => {
    if (node === undefined) return;
    if (ts.isFunctionLike(node)) return; // runs elsewhere, or is inlined at the call that receives it
    if (!this.structured(node)) ts.forEachChild(node, this.visit);
  };

  /** Handles a node that shapes control flow or makes a call; false for any other node. */
  private structured(node: ts.Node): boolean {
    if (ts.isIfStatement(node)) this.ifStatement(node);
    else if (ts.isConditionalExpression(node))
      this.decide(node.condition, [node.whenTrue, node.whenFalse], true);
    else if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind))
      this.decide(node.left, [node.right], false);
    else if (ts.isSwitchStatement(node)) this.switchStatement(node);
    else if (isLoop(node)) this.loopStatement(node);
    else if (ts.isTryStatement(node)) this.tryStatement(node);
    else if (ts.isReturnStatement(node)) this.exit(node.expression, true);
    else if (ts.isThrowStatement(node)) {
      this.errorHandling = true;
      this.exit(node.expression, false);
    } else if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) this.jump(node);
    else if (ts.isCallExpression(node) || ts.isNewExpression(node)) this.callExpression(node);
    else return false;
    return true;
  }

  private decide(first: ts.Node, arms: readonly ts.Node[], exhaustive: boolean): void {
    this.complexity++;
    this.visit(first);
    this.builder.branch(
      arms.map((arm) => () => this.visit(arm)),
      exhaustive,
    );
  }

  private ifStatement(node: ts.IfStatement): void {
    const arms =
      node.elseStatement === undefined ? [node.thenStatement] : [node.thenStatement, node.elseStatement];
    this.decide(node.expression, arms, node.elseStatement !== undefined);
  }

  private switchStatement(node: ts.SwitchStatement): void {
    this.visit(node.expression);
    const clauses = node.caseBlock.clauses;
    this.complexity += clauses.filter(ts.isCaseClause).length;
    this.breakables.push('switch');
    this.builder.branch(
      clauses.map((c) => () => c.statements.forEach(this.visit)),
      clauses.some(ts.isDefaultClause),
    );
    this.breakables.pop();
  }

  private loopStatement(node: ts.IterationStatement): void {
    this.complexity++;
    if (ts.isForStatement(node)) this.visit(node.initializer);
    if (ts.isForOfStatement(node) || ts.isForInStatement(node)) this.visit(node.expression);
    this.breakables.push('loop');
    this.builder.loop(() => {
      if (ts.isForStatement(node) || ts.isWhileStatement(node))
        this.visit(ts.isForStatement(node) ? node.condition : node.expression);
      this.visit(node.statement);
      if (ts.isForStatement(node)) this.visit(node.incrementor);
      if (ts.isDoStatement(node)) this.visit(node.expression);
    });
    this.breakables.pop();
  }

  private tryStatement(node: ts.TryStatement): void {
    const { catchClause, finallyBlock } = node;
    if (catchClause !== undefined) {
      this.errorHandling = true;
      this.complexity++;
    }
    this.builder.tryStatement(
      () => this.visit(node.tryBlock),
      catchClause === undefined ? undefined : () => this.visit(catchClause.block),
      finallyBlock === undefined ? undefined : () => this.visit(finallyBlock),
    );
  }

  private exit(value: ts.Node | undefined, normal: boolean): void {
    this.visit(value);
    this.builder.exit(normal);
  }

  private jump(node: ts.BreakStatement | ts.ContinueStatement): void {
    if (node.label !== undefined) return;
    const inner = this.breakables.at(-1);
    if (ts.isBreakStatement(node) && inner === 'switch') return;
    this.builder.jump(ts.isContinueStatement(node));
  }

  private callExpression(node: ts.CallExpression | ts.NewExpression): void {
    if (ts.isCallExpression(node) && this.ctx.isRoute(node)) return;
    const nameArg = ts.isCallExpression(node) ? spanNameArgument(node) : undefined;
    const names = nameArg === undefined ? undefined : this.ctx.spanNames(nameArg);
    if (names !== undefined && ts.isCallExpression(node)) {
      this.spanCall(node, names);
      return;
    }
    this.visit(node.expression);
    const args = node.arguments ?? [];
    const callbacks = args.filter(isInlineFunction);
    for (const a of args) if (!isInlineFunction(a)) this.visit(a);
    const target = this.ctx.resolve(node);
    if (target !== undefined) this.builder.call({ target, source: `${this.ctx.path}:${this.line(node)}` });
    for (const cb of callbacks) this.callback(node, () => this.body(cb));
    for (const a of args) {
      const ref = isInlineFunction(a) ? undefined : this.ctx.reference(a);
      const source = `${this.ctx.path}:${this.line(a)}`;
      if (ref !== undefined) this.callback(node, () => this.builder.call({ target: ref, source }));
    }
  }

  /** Callbacks: iteration runs them repeatedly, promise chains in sequence, others maybe. */
  private callback(call: ts.CallExpression | ts.NewExpression, run: () => void): void {
    const method = ts.isPropertyAccessExpression(call.expression) ? call.expression.name.text : '';
    if (ITERATORS.has(method)) this.builder.loop(run);
    else if (SEQUENTIAL.has(method) || ts.isNewExpression(call)) run();
    else this.builder.branch([run], false);
  }

  /** `tracer.startActiveSpan('name', …, fn)`: `fn` becomes a function shown as span `name`. */
  private spanCall(node: ts.CallExpression, names: readonly string[]): void {
    for (const a of node.arguments.slice(1)) if (!isInlineFunction(a)) this.visit(a);
    const cb = node.arguments.at(-1);
    const line = this.line(node);
    const id = `${this.ctx.path}#span:${names[0]}@${line}`;
    const fn =
      cb !== undefined && isInlineFunction(cb)
        ? walkFunction(this.ctx, cb, id, names, 'span')
        : walkFunction(this.ctx, node, id, names, 'span');
    this.ctx.addFunction(fn);
    this.builder.call({ target: { kind: 'function', id }, source: `${this.ctx.path}:${line}` });
  }
}

function isShortCircuit(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.AmpersandAmpersandToken ||
    kind === ts.SyntaxKind.BarBarToken ||
    kind === ts.SyntaxKind.QuestionQuestionToken
  );
}

function isLoop(node: ts.Node): node is ts.IterationStatement {
  return (
    ts.isForStatement(node) ||
    ts.isForOfStatement(node) ||
    ts.isForInStatement(node) ||
    ts.isWhileStatement(node) ||
    ts.isDoStatement(node)
  );
}

function isInlineFunction(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

/** The span name argument of `x.startActiveSpan(name, …)` / `x.startSpan(name)`, or undefined. */
export function spanNameArgument(node: ts.CallExpression): ts.Expression | undefined {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  if (method !== 'startActiveSpan' && method !== 'startSpan') return undefined;
  return node.arguments[0];
}
