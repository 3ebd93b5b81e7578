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

/** Resolves string expressions to the finite set of names (or globs) they can take. */
export class NameResolver {
  constructor(
    private readonly checker: ts.TypeChecker,
    private readonly callSitesOf: CallSitesOf,
  ) {}

  /**
   * The span names `expr` can take, globs (`GET cache:*`) where a part is unknown; undefined when
   * nothing useful is known (no letter or digit outside the wildcards, like `* *`).
   */
  spanNames(expr: ts.Expression): string[] | undefined {
    const names = this.values(expr, 0, new Set()).filter(isUseful);
    return names.length > 0 ? [...new Set(names)] : undefined;
  }

  /** Every value of `expr`, `*` standing for unknown parts. Never empty. */
  values(expr: ts.Node, depth: number, seen: Set<ts.Node>): string[] {
    if (depth > MAX_DEPTH || seen.has(expr)) return [ANY];
    seen.add(expr);
    try {
      return this.compute(expr, depth + 1, seen);
    } finally {
      seen.delete(expr);
    }
  }

  private compute(expr: ts.Node, depth: number, seen: Set<ts.Node>): string[] {
    if (ts.isStringLiteralLike(expr)) return [expr.text];
    if (ts.isNumericLiteral(expr)) return [expr.text];
    if (ts.isTemplateExpression(expr)) return this.template(expr, depth, seen);
    if (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isNonNullExpression(expr))
      return this.values(expr.expression, depth, seen);
    if (ts.isConditionalExpression(expr))
      return union([this.values(expr.whenTrue, depth, seen), this.values(expr.whenFalse, depth, seen)]);
    const literal = literalTypeValues(this.checker, expr);
    if (literal !== undefined) return literal;
    if (ts.isIdentifier(expr) || ts.isPropertyAccessExpression(expr))
      return this.symbolValues(expr, depth, seen);
    return [ANY];
  }

  private template(expr: ts.TemplateExpression, depth: number, seen: Set<ts.Node>): string[] {
    let out = [expr.head.text];
    for (const span of expr.templateSpans) {
      const part = this.values(span.expression, depth, seen);
      const next = out.length * part.length > MAX_NAMES ? [ANY] : part;
      out = out.flatMap((prefix) => next.map((p) => `${prefix}${p}${span.literal.text}`));
    }
    return out.map(collapseWildcards);
  }

  /** A `const`, a parameter (its arguments at every call site) or a field set from a parameter. */
  private symbolValues(expr: ts.Expression, depth: number, seen: Set<ts.Node>): string[] {
    const at = ts.isPropertyAccessExpression(expr) ? expr.name : expr;
    let symbol = this.checker.getSymbolAtLocation(at);
    if (symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias)
      symbol = this.checker.getAliasedSymbol(symbol);
    const decl = symbol?.valueDeclaration;
    if (decl === undefined) return [ANY];
    if (ts.isParameter(decl)) return this.parameterValues(decl, depth, seen);
    if (ts.isVariableDeclaration(decl) && decl.initializer !== undefined && isConst(decl))
      return this.values(decl.initializer, depth, seen);
    if (ts.isPropertyDeclaration(decl) && decl.initializer !== undefined && isReadonly(decl))
      return this.values(decl.initializer, depth, seen);
    return [ANY];
  }

  private parameterValues(decl: ts.ParameterDeclaration, depth: number, seen: Set<ts.Node>): string[] {
    const fn = decl.parent;
    const index = fn.parameters.indexOf(decl);
    if (!ts.isIdentifier(decl.name) || decl.dotDotDotToken !== undefined) return [ANY];
    const sites = this.callSitesOf(fn);
    if (sites.length === 0) return [ANY];
    return union(
      sites.map((site) => {
        const arg = site.arguments?.[index];
        if (arg === undefined || ts.isSpreadElement(arg))
          return decl.initializer ? this.values(decl.initializer, depth, seen) : [ANY];
        return this.values(arg, depth, seen);
      }),
    );
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

/** Every value once; any `*` alone makes the union `*`. */
function union(lists: readonly string[][]): string[] {
  const all = [...new Set(lists.flat())];
  if (all.includes(ANY) || all.length > MAX_NAMES) return [ANY];
  return all;
}

function collapseWildcards(name: string): string {
  return name.replace(/\*+/g, ANY);
}

/** A name with a letter or digit outside its wildcards: `GET cache:*` is, `* *` is not. */
function isUseful(name: string): boolean {
  return /[\p{L}\p{N}]/u.test(name.replaceAll(ANY, ''));
}
