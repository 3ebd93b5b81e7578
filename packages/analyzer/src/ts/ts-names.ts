/**
 * The span names a string expression can evaluate to. Literals are themselves; a template literal is
 * every combination of its parts; a part is a finite set of strings when it resolves to one (a string
 * literal union type, a `const`, a parameter or constructor field given literals at every call site of
 * the analysed code) and `*` otherwise, so `${op} ${table}` with `op` unknown is the glob `* ${table}`.
 */
import ts from 'typescript';

/** Past this many combinations a part is left as `*` (the names stay a glob, not a list). */
const MAX_NAMES = 64;
const MAX_DEPTH = 6;
/** A glob part standing for any value. */
export const ANY = '*';

/** Where a function is called from: the call and `new` expressions that resolve to it. */
export type CallSitesOf = (fn: ts.Node) => readonly (ts.CallExpression | ts.NewExpression)[];

/** Nodes one name may evaluate before it is left as `*` (hostile call graphs stay linear, not K^depth). */
const MAX_NODES_PER_NAME = 10_000;
/** Nodes all the names of one analysis may evaluate; past it every further part is `*`. */
const MAX_NODES_PER_ANALYSIS = 500_000;

/** The state of one resolution: the expressions on the path (cycles), the values known, the nodes spent. */
export interface Resolution {
  readonly seen: Set<ts.Node>;
  /** Values per node, with the depth they were found at (valid for that depth and deeper). */
  readonly memo: Map<ts.Node, { readonly depth: number; readonly values: string[] }>;
  nodes: number;
}

/** Resolves string expressions to the finite set of names (or globs) they can take. */
export class NameResolver {
  /** Nodes evaluated so far by this resolver (one per analysis). */
  private spent = 0;

  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly callSitesOf: CallSitesOf,
  ) {}

  /**
   * The span names `expr` can take, globs (`GET cache:*`) where a part is unknown; undefined when
   * nothing useful is known (no letter or digit outside the wildcards, like `* *`).
   */
  spanNames(expr: ts.Expression): string[] | undefined {
    const names = this.resolve(expr).filter(isUseful);
    return names.length > 0 ? [...new Set(names)] : undefined;
  }

  /** Every value of `expr`, `*` standing for unknown parts, from a fresh resolution. Never empty. */
  resolve(expr: ts.Node): string[] {
    return this.values(expr, 0, { seen: new Set(), memo: new Map(), nodes: 0 });
  }

  private values(expr: ts.Node, depth: number, r: Resolution): string[] {
    if (depth > MAX_DEPTH || r.seen.has(expr)) return [ANY];
    const known = r.memo.get(expr);
    if (known !== undefined && known.depth <= depth) return known.values;
    if (r.nodes >= MAX_NODES_PER_NAME || this.spent >= MAX_NODES_PER_ANALYSIS) return [ANY];
    r.nodes++;
    this.spent++;
    r.seen.add(expr);
    try {
      const values = this.compute(expr, depth + 1, r);
      r.memo.set(expr, { depth, values });
      return values;
    } finally {
      r.seen.delete(expr);
    }
  }

  private compute(expr: ts.Node, depth: number, r: Resolution): string[] {
    if (ts.isStringLiteralLike(expr)) return [expr.text];
    if (ts.isNumericLiteral(expr)) return [expr.text];
    if (ts.isTemplateExpression(expr)) return this.template(expr, depth, r);
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr))
      return this.values(expr.expression, depth, r);
    if (ts.isConditionalExpression(expr))
      return this.unionOf([expr.whenTrue, expr.whenFalse], (e) => this.values(e, depth, r));
    const literal = literalTypeValues(this.checker, expr);
    if (literal !== undefined) return literal;
    if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr))
      return this.symbolValues(expr, depth, r);
    return [ANY];
  }

  private template(expr: ts.TemplateExpression, depth: number, r: Resolution): string[] {
    let out = [expr.head.text];
    for (const span of expr.templateSpans) {
      const part = this.values(span.expression, depth, r);
      const next = out.length * part.length > MAX_NAMES ? [ANY] : part;
      out = out.flatMap((prefix) => next.map((p) => `${prefix}${p}${span.literal.text}`));
    }
    return out.map(collapseWildcards);
  }

  /** A `const`, a parameter (its arguments at every call site) or a field set from a parameter. */
  private symbolValues(expr: ts.Expression, depth: number, r: Resolution): string[] {
    const at = ts.isPropertyAccessExpression(expr) ? expr.name : expr;
    let symbol = this.checker.getSymbolAtLocation(at);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias)
      symbol = this.checker.getAliasedSymbol(symbol);
    const decl = symbol?.valueDeclaration;
    if (decl === undefined) return [ANY];
    if (ts.isParameter(decl)) return this.parameterValues(decl, depth, r);
    if (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && isConst(decl))
      return this.values(decl.initializer, depth, r);
    if (ts.isPropertyDeclaration(decl) && decl.initializer !== undefined && isReadonly(decl))
      return this.values(decl.initializer, depth, r);
    return [ANY];
  }

  private parameterValues(decl: ts.ParameterDeclaration, depth: number, r: Resolution): string[] {
    const fn = decl.parent;
    const index = fn.parameters.indexOf(decl);
    if (!ts.isIdentifier(decl.name) || decl.dotDotDotToken !== undefined) return [ANY];
    const sites = this.callSitesOf(fn);
    if (sites.length === 0) return [ANY];
    return this.unionOf(sites, (site) => {
      const arg = site.arguments?.[index];
      if (arg === undefined || ts.isSpreadElement(arg))
        return decl.initializer ? this.values(decl.initializer, depth, r) : [ANY];
      return this.values(arg, depth, r);
    });
  }

  /** The union of `valuesOf` each item, stopping at the first `*` (which makes the whole union `*`). */
  private unionOf<T>(items: readonly T[], valuesOf: (item: T) => string[]): string[] {
    const all = new Set<string>();
    for (const item of items) {
      for (const v of valuesOf(item)) all.add(v);
      if (all.has(ANY) || all.size > MAX_NAMES) return [ANY];
    }
    return [...all];
  }
}

/** The values of a string literal (union) type, or undefined when the type is not one. */
function literalTypeValues(checker: ts.TypeChecker, expr: ts.Node): string[] | undefined {
  const type = checker.getTypeAtLocation(expr);
  const parts = type.isUnion() ? type.types : [type];
  const out: string[] = [];
  for (const t of parts) {
    if (!t.isStringLiteral()) return undefined;
    out.push(t.value);
  }
  return out.length > 0 && out.length <= MAX_NAMES ? out : undefined;
}

function isConst(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

function isReadonly(decl: ts.PropertyDeclaration): boolean {
  return decl.modifiers?.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) === true;
}

function collapseWildcards(name: string): string {
  return name.replace(/\*+/g, ANY);
}

/** A name with a letter or digit outside its wildcards: `GET cache:*` is, `* *` is not. */
function isUseful(name: string): boolean {
  return /[\p{L}\p{N}]/u.test(name.replaceAll(ANY, ''));
}
