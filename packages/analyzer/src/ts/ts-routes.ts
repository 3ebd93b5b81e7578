/**
 * HTTP route registrations, named as OpenTelemetry server spans (`GET /users/:id`): express, fastify,
 * koa-router, hono (`app.get('/path', handler)`) and NestJS (`@Controller('users')` + `@Get(':id')`).
 * The router object must resolve to one of those modules.
 */
import ts from 'typescript';
import type { OriginResolver } from './ts-origin.js';

const VERBS = new Set(['get', 'post', 'put', 'delete', 'patch', 'head', 'options']);
const ROUTERS = new Set(['express', 'fastify', 'koa-router', '@koa/router', 'hono']);
const NEST_VERBS = new Map([
  ['Get', 'GET'],
  ['Post', 'POST'],
  ['Put', 'PUT'],
  ['Delete', 'DELETE'],
  ['Patch', 'PATCH'],
  ['Head', 'HEAD'],
  ['Options', 'OPTIONS'],
]);

/** One route: its server span name and the expression that handles it. */
export interface RouteIR {
  readonly call: ts.CallExpression | undefined;
  readonly span: string;
  readonly handler: ts.Node;
}

/** The span name of a route registration call, or undefined when `call` is not one. */
export function routeSpanOf(call: ts.CallExpression, origin: OriginResolver): string | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !VERBS.has(callee.name.text)) return undefined;
  const [path] = call.arguments;
  if (path === undefined || !ts.isStringLiteralLike(path) || call.arguments.length < 2) return undefined;
  const module = origin.moduleOf(callee.expression);
  if (module === undefined || !ROUTERS.has(module)) return undefined;
  return `${callee.name.text.toUpperCase()} ${path.text}`;
}

/** Every route registered in a file (calls anywhere, and NestJS controller methods). */
export function routesIn(file: ts.SourceFile, origin: OriginResolver): RouteIR[] {
  const out: RouteIR[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const span = routeSpanOf(node, origin);
      const handler = node.arguments.at(-1);
      if (span !== undefined && handler !== undefined) out.push({ call: node, span, handler });
    }
    if (ts.isClassDeclaration(node)) out.push(...nestRoutes(node, origin));
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

function nestRoutes(cls: ts.ClassDeclaration, origin: OriginResolver): RouteIR[] {
  const controller = decoratorArg(cls, 'Controller', origin);
  if (controller === undefined) return [];
  const out: RouteIR[] = [];
  for (const member of cls.members) {
    if (!ts.isMethodDeclaration(member)) continue;
    for (const [decorator, verb] of NEST_VERBS) {
      const path = decoratorArg(member, decorator, origin);
      if (path !== undefined)
        out.push({ call: undefined, span: `${verb} ${joinPath(controller, path)}`, handler: member });
    }
  }
  return out;
}

/** The string argument of a `@Name(…)` decorator from @nestjs/common ('' when called without one). */
function decoratorArg(node: ts.HasDecorators, name: string, origin: OriginResolver): string | undefined {
  for (const d of ts.getDecorators(node) ?? []) {
    const e = d.expression;
    if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== name) continue;
    if (origin.moduleOf(e.expression) !== '@nestjs/common') continue;
    const [arg] = e.arguments;
    return arg !== undefined && ts.isStringLiteralLike(arg) ? arg.text : '';
  }
  return undefined;
}

function joinPath(prefix: string, path: string): string {
  const parts = [prefix, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '');
  return `/${parts.join('/')}`;
}
