/**
 * Hand-written routers: a table of route objects (`{ method: 'GET', pattern: '/users/:id', handle }`)
 * matched by the service itself, which names the server span after the matched route with
 * `span.updateName(`${route.method} ${route.pattern}`)`. Every object literal that has the properties
 * the name is built from gives one server span name, and the functions in that literal (its handlers)
 * run as that span.
 */
import ts from 'typescript';
import type { NameResolver } from './ts-names.js';

/** One route of a route table: its server span names and its handler functions. */
export interface TableRoute {
  readonly names: readonly string[];
  readonly handlers: readonly ts.Node[];
}

/** The routes named by every `updateName` call in `files` that builds its name from route objects. */
export function routeTables(
  files: readonly ts.SourceFile[],
  checker: ts.TypeChecker,
  names: NameResolver,
): TableRoute[] {
  const templates: ts.TemplateExpression[] = [];
  const literals: ts.ObjectLiteralExpression[] = [];
  const visit = (node: ts.Node): void => {
    const template = renamedFrom(node);
    if (template !== undefined) templates.push(template);
    if (ts.isObjectLiteralExpression(node)) literals.push(node);
    ts.forEachChild(node, visit);
  };
  for (const f of files) visit(f);
  return templates.flatMap((t) => routesOf(t, literals, checker, names));
}

/** The template of `x.updateName(`…${o.a}…${o.b}…`)` whose parts are all properties of one object. */
function renamedFrom(node: ts.Node): ts.TemplateExpression | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return undefined;
  if (node.expression.name.text !== 'updateName') return undefined;
  const [arg] = node.arguments;
  if (arg === undefined || !ts.isTemplateExpression(arg)) return undefined;
  const bases = new Set(
    arg.templateSpans.map((s) =>
      ts.isPropertyAccessExpression(s.expression) ? s.expression.expression.getText() : '',
    ),
  );
  return bases.size === 1 && !bases.has('') ? arg : undefined;
}

function routesOf(
  template: ts.TemplateExpression,
  literals: readonly ts.ObjectLiteralExpression[],
  checker: ts.TypeChecker,
  names: NameResolver,
): TableRoute[] {
  const parts = template.templateSpans.map((s) => {
    const name = (s.expression as ts.PropertyAccessExpression).name;
    return { name: name.text, symbol: checker.getSymbolAtLocation(name) };
  });
  const out: TableRoute[] = [];
  for (const literal of literals) {
    const values = parts.map((p) => propertyOf(literal, p, checker));
    const handlers = literal.properties.map(functionOf).filter((f) => f !== undefined);
    if (values.some((v) => v === undefined) || handlers.length === 0) continue;
    const routeNames = instantiate(template, values as ts.Expression[], names);
    if (routeNames.length > 0) out.push({ names: routeNames, handlers });
  }
  return out;
}

/**
 * The initializer `literal` gives the property: the same property symbol through the literal's
 * contextual type when the checker knows the route's type, else (an untyped `routes.find(…)` result,
 * as no lib is loaded) the property of that name.
 */
function propertyOf(
  literal: ts.ObjectLiteralExpression,
  part: { readonly name: string; readonly symbol: ts.Symbol | undefined },
  checker: ts.TypeChecker,
): ts.Expression | undefined {
  const own = literal.properties.find(
    (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === part.name,
  );
  if (own === undefined || part.symbol === undefined) return own?.initializer;
  const contextual = checker.getContextualType(literal)?.getProperty(part.name);
  return contextual === part.symbol ? own.initializer : undefined;
}

function functionOf(p: ts.ObjectLiteralElementLike): ts.Node | undefined {
  if (ts.isMethodDeclaration(p)) return p;
  if (
    ts.isPropertyAssignment(p) &&
    (ts.isArrowFunction(p.initializer) || ts.isFunctionExpression(p.initializer))
  )
    return p.initializer;
  return undefined;
}

/** The template's names with each part's values taken from one route object. */
function instantiate(
  template: ts.TemplateExpression,
  values: ts.Expression[],
  names: NameResolver,
): string[] {
  let out = [template.head.text];
  template.templateSpans.forEach((span, i) => {
    const part = names.resolve(values[i]!);
    out = out.flatMap((prefix) => part.map((v) => `${prefix}${v}${span.literal.text}`));
  });
  return [...new Set(out)].filter((n) => !n.includes('*'));
}
