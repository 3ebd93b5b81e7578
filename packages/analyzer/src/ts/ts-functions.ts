/** Finds the named functions of a source file and gives each its span name (`Class.method`). */
import ts from 'typescript';

/** A named function-like declaration found in a file. */
export interface NamedFunction {
  readonly node: ts.SignatureDeclaration;
  /** `Class.method`, `function`, or `outer.inner` for nested named functions. */
  readonly name: string;
  readonly className?: string;
}

/** Every function with a name: declarations, class members, and functions assigned to a name. */
export function namedFunctions(file: ts.SourceFile): NamedFunction[] {
  const out: NamedFunction[] = [];
  const visit = (node: ts.Node, prefix: string): void => {
    const found = nameOf(node);
    if (found !== undefined) {
      const name = prefix === '' || found.className !== undefined ? found.name : `${prefix}.${found.name}`;
      out.push({ ...found, name });
      ts.forEachChild(node, (child) => visit(child, name));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, prefix));
  };
  visit(file, '');
  return out;
}

function hasBody(node: ts.Node): node is ts.SignatureDeclaration & { body: ts.Node } {
  return ts.isFunctionLike(node) && 'body' in node && node.body !== undefined;
}

function nameOf(node: ts.Node): NamedFunction | undefined {
  if (ts.isFunctionDeclaration(node) && node.name !== undefined && node.body !== undefined)
    return { node, name: node.name.text };
  if (
    (ts.isMethodDeclaration(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node)) &&
    node.body !== undefined &&
    ts.isClassLike(node.parent)
  )
    return member(node, node.parent, node.name.getText());
  if (ts.isConstructorDeclaration(node) && node.body !== undefined && ts.isClassLike(node.parent))
    return member(node, node.parent, 'constructor');
  const init = assignedFunction(node);
  if (init !== undefined) return init;
  return objectMember(node);
}

/**
 * `{ handle: async () => … }` and `{ handle() { … } }` in an object literal: named after the property,
 * under the variable the object is assigned to (`payment.routes`) when there is one.
 */
function objectMember(node: ts.Node): NamedFunction | undefined {
  if (!(ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node))) return undefined;
  if (!ts.isObjectLiteralExpression(node.parent)) return undefined;
  const fn = ts.isPropertyAssignment(node) ? node.initializer : node;
  if (!hasBody(fn) || !(ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) return undefined;
  const owner = node.parent.parent;
  const prop = node.name.text;
  if (ts.isVariableDeclaration(owner) && ts.isIdentifier(owner.name))
    return { node: fn, name: `${owner.name.text}.${prop}`, className: owner.name.text };
  return { node: fn, name: prop };
}

function member(node: ts.SignatureDeclaration, cls: ts.ClassLikeDeclaration, name: string): NamedFunction {
  const className = cls.name?.text ?? 'default';
  return { node, name: `${className}.${name}`, className };
}

/** `const f = () => …`, `class A { f = () => … }`, `exports.f = function …`, `A.prototype.f = …`. */
function assignedFunction(node: ts.Node): NamedFunction | undefined {
  if (
    ts.isVariableDeclaration(node) &&
    ts.isIdentifier(node.name) &&
    node.initializer &&
    hasBody(node.initializer)
  )
    return { node: node.initializer, name: node.name.text };
  if (
    ts.isPropertyDeclaration(node) &&
    node.initializer &&
    hasBody(node.initializer) &&
    ts.isClassLike(node.parent)
  )
    return member(node.initializer, node.parent, node.name.getText());
  if (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    hasBody(node.right)
  ) {
    const target = node.left;
    if (!ts.isPropertyAccessExpression(target)) return undefined;
    const owner = target.expression;
    if (ts.isPropertyAccessExpression(owner) && owner.name.text === 'prototype')
      return {
        node: node.right,
        name: `${owner.expression.getText()}.${target.name.text}`,
        className: owner.expression.getText(),
      };
    if (ts.isIdentifier(owner) && (owner.text === 'exports' || owner.text === 'module'))
      return { node: node.right, name: target.name.text };
  }
  return undefined;
}

/** The function node for a declaration a call resolved to (a variable holding an arrow, etc.). */
export function functionNodeOf(decl: ts.Declaration): ts.Node | undefined {
  if (ts.isVariableDeclaration(decl) || ts.isPropertyDeclaration(decl) || ts.isPropertyAssignment(decl))
    return decl.initializer !== undefined && hasBody(decl.initializer) ? decl.initializer : undefined;
  if (ts.isBinaryExpression(decl.parent) && hasBody(decl.parent.right)) return decl.parent.right;
  return hasBody(decl) ? decl : undefined;
}
