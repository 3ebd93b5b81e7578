/**
 * Where a value comes from: the module specifier of the import (or `require`) it was built from,
 * followed through variables, fields, parameters' types, `new`, calls and property access.
 */
import ts from 'typescript';

const MAX_DEPTH = 8;

/** Resolves the module an expression's value originates from, or undefined. */
export class OriginResolver {
  private readonly memo = new Map<ts.Node, string | null>();

  constructor(private readonly checker: ts.TypeChecker) {}

  /** The module specifier (`pg`, `node:http`, `./db.js`) the value of `node` was obtained from. */
  moduleOf(node: ts.Node, depth = 0): string | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const cached = this.memo.get(node);
    if (cached !== undefined) return cached ?? undefined;
    this.memo.set(node, null);
    const found = this.compute(node, depth + 1);
    this.memo.set(node, found ?? null);
    return found;
  }

  private compute(node: ts.Node, depth: number): string | undefined {
    if (ts.isParenthesizedExpression(node) || ts.isAwaitExpression(node) || ts.isNonNullExpression(node))
      return this.moduleOf(node.expression, depth);
    if (ts.isAsExpression(node) || ts.isTypeAssertionExpression(node))
      return this.moduleOf(node.expression, depth);
    if (ts.isCallExpression(node)) return requireSpecifier(node) ?? this.moduleOf(node.expression, depth);
    if (ts.isNewExpression(node)) return this.moduleOf(node.expression, depth);
    if (ts.isPropertyAccessExpression(node))
      return this.fromSymbolOf(node.name, depth) ?? this.moduleOf(node.expression, depth);
    if (ts.isElementAccessExpression(node)) return this.moduleOf(node.expression, depth);
    if (ts.isIdentifier(node) || ts.isQualifiedName(node)) return this.fromSymbolOf(node, depth);
    if (ts.isTypeReferenceNode(node)) return this.moduleOf(node.typeName, depth);
    return undefined;
  }

  private fromSymbolOf(node: ts.Node, depth: number): string | undefined {
    const symbol = this.checker.getSymbolAtLocation(node);
    const decl = symbol?.declarations?.[0];
    if (symbol === undefined || decl === undefined) return undefined;
    if (symbol.flags & ts.SymbolFlags.Alias) {
      const target = this.checker.getAliasedSymbol(symbol).declarations?.[0];
      const followed = target === undefined ? undefined : this.fromDeclaration(target, depth);
      if (followed !== undefined) return followed;
    }
    return this.fromDeclaration(decl, depth);
  }

  private fromDeclaration(decl: ts.Declaration, depth: number): string | undefined {
    const imported = importSpecifierOf(decl);
    if (imported !== undefined) return imported;
    if (ts.isBindingElement(decl)) return this.fromDeclaration(bindingRoot(decl), depth);
    if (
      ts.isVariableDeclaration(decl) ||
      ts.isPropertyDeclaration(decl) ||
      ts.isParameter(decl) ||
      ts.isPropertySignature(decl)
    ) {
      const init = ts.isPropertySignature(decl) ? undefined : decl.initializer;
      if (init !== undefined) {
        const fromInit = this.moduleOf(init, depth);
        if (fromInit !== undefined) return fromInit;
      }
      if (decl.type !== undefined) return this.moduleOf(decl.type, depth);
      return this.fromAssignments(decl, depth);
    }
    const file = decl.getSourceFile().fileName;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    return pkg?.[1];
  }

  /** `this.pool = new Pool()` in a constructor, for a field declared without initializer or type. */
  private fromAssignments(decl: ts.Declaration, depth: number): string | undefined {
    if (!ts.isPropertyDeclaration(decl) || !ts.isClassLike(decl.parent)) return undefined;
    const name = decl.name.getText();
    for (const member of decl.parent.members) {
      if (!ts.isConstructorDeclaration(member) || member.body === undefined) continue;
      for (const st of member.body.statements) {
        if (!ts.isExpressionStatement(st) || !ts.isBinaryExpression(st.expression)) continue;
        const { left, right } = st.expression;
        if (ts.isPropertyAccessExpression(left) && left.name.text === name)
          return this.moduleOf(right, depth);
      }
    }
    return undefined;
  }
}

function bindingRoot(node: ts.BindingElement): ts.Declaration {
  let n: ts.Node = node;
  while (ts.isBindingElement(n) || ts.isObjectBindingPattern(n) || ts.isArrayBindingPattern(n)) n = n.parent;
  return n as ts.Declaration;
}

/** The module specifier of an import declaration part, or undefined. */
export function importSpecifierOf(decl: ts.Node): string | undefined {
  let n: ts.Node | undefined = decl;
  for (let i = 0; i < 4 && n !== undefined; i++, n = n.parent) {
    if (ts.isImportDeclaration(n) && ts.isStringLiteral(n.moduleSpecifier)) return n.moduleSpecifier.text;
    if (ts.isImportEqualsDeclaration(n) && ts.isExternalModuleReference(n.moduleReference)) {
      const e = n.moduleReference.expression;
      return ts.isStringLiteral(e) ? e.text : undefined;
    }
  }
  return undefined;
}

/** `require('x')` -> `x`. */
export function requireSpecifier(call: ts.CallExpression): string | undefined {
  const [arg] = call.arguments;
  if (!ts.isIdentifier(call.expression) || call.expression.text !== 'require') return undefined;
  return arg !== undefined && ts.isStringLiteralLike(arg) ? arg.text : undefined;
}
