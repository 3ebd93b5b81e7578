/**
 * Django URL confs: `urlpatterns` of `path()`, `re_path()` and legacy `url()` entries, nested
 * `include()` (a module path, a module, a list, a DRF router's `urls`) across the analysed tree.
 * Route names follow what opentelemetry-instrumentation-django reports, `{method} {route}` with
 * `route = ResolverMatch.route`: the pattern strings of every level joined, each inner one without its
 * leading `^` (`api/users/<int:id>/`, `^legacy/items/(?P<pk>\d+)/$`).
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileProblem } from '../model.js';
import { absoluteName, classHandlers, functionViewMethods, VIEW_VERBS } from './django-views.js';
import { ModuleValues } from './python-module-values.js';
import { PythonModules } from './python-modules.js';
import type { Declared, ParsedFile } from './support.js';
import { stringValue } from './tree-walk.js';

/** One route: its server span name and what handles it. */
export interface DjangoRoute {
  readonly span: string;
  readonly file: ParsedFile;
  /** The project function or method; undefined when a Django/DRF base class provides the handler. */
  readonly handler: Declared | undefined;
  /** `Class.action` (inherited handlers) or the handler's name. */
  readonly name: string;
  /** The handler's node (the class for inherited handlers). */
  readonly node: Node;
}

const ROUTE_FUNCTIONS = new Set([
  'django.urls.path',
  'django.urls.re_path',
  'django.urls.conf.path',
  'django.urls.conf.re_path',
  'django.conf.urls.url',
]);
const INCLUDE_FUNCTIONS = new Set([
  'django.urls.include',
  'django.urls.conf.include',
  'django.conf.urls.include',
]);
const LIST_ACTIONS = { get: 'list', post: 'create' } as const;
const DETAIL_ACTIONS = {
  get: 'retrieve',
  put: 'update',
  patch: 'partial_update',
  delete: 'destroy',
} as const;

/** Past this many routes a walk stops (nested includes can multiply routes: 2^K for K confs). */
export const MAX_DJANGO_ROUTES = 10_000;
/** Past this many pattern nodes visited a walk stops. */
export const MAX_DJANGO_NODES = 100_000;

interface Walk {
  readonly modules: PythonModules;
  readonly values: ModuleValues;
  readonly routes: DjangoRoute[];
  readonly included: Set<ParsedFile>;
  readonly visited: Set<ParsedFile>;
  readonly stack: ParsedFile[];
  /** Each (file, name or conf, prefix) expanded: expanding one again only repeats its routes. */
  readonly expanded: Set<string>;
  nodes: number;
  /** The root conf of the walk when a limit was hit; the walk stops there. */
  capped: ParsedFile | undefined;
}

/**
 * Every route of the URL confs in `files`, walked from the confs no other conf includes (the roots),
 * then from any conf still unvisited (confs that only include each other). A walk stops at
 * {@link MAX_DJANGO_ROUTES} routes or {@link MAX_DJANGO_NODES} nodes and adds a `too-complex`
 * problem to `problems` naming the root conf it was walking.
 */
export function djangoRoutes(files: readonly ParsedFile[], problems: FileProblem[] = []): DjangoRoute[] {
  const values = new ModuleValues();
  const confs = files.filter((f) => values.of(f, 'urlpatterns').length > 0);
  if (confs.length === 0) return [];
  const modules = new PythonModules(files);
  const probe = newWalk(modules, values);
  for (const f of confs) visitConf(probe, f, '');
  const walk = newWalk(modules, values);
  for (const f of confs) if (!probe.included.has(f)) visitConf(walk, f, '');
  for (const f of confs) if (!walk.visited.has(f)) visitConf(walk, f, '');
  const capped = walk.capped ?? probe.capped;
  if (capped !== undefined) problems.push(tooComplex(capped));
  return walk.routes;
}

function newWalk(modules: PythonModules, values: ModuleValues): Walk {
  const sets = {
    included: new Set<ParsedFile>(),
    visited: new Set<ParsedFile>(),
    expanded: new Set<string>(),
  };
  return { modules, values, routes: [], stack: [], nodes: 0, capped: undefined, ...sets };
}

function tooComplex(file: ParsedFile): FileProblem {
  return {
    file: file.source.path,
    code: 'too-complex',
    message: `Django URL confs expand past ${MAX_DJANGO_ROUTES} routes or ${MAX_DJANGO_NODES} nodes; routes past the limit are left out`,
  };
}

/** False (and the walk capped) once a limit is hit; else counts one node. */
function within(w: Walk, file: ParsedFile): boolean {
  if (w.capped !== undefined) return false;
  if (++w.nodes <= MAX_DJANGO_NODES && w.routes.length < MAX_DJANGO_ROUTES) return true;
  w.capped = w.stack[0] ?? file;
  return false;
}

/** True the first time `(file, key, prefix)` is seen by this walk. */
function firstExpansion(w: Walk, file: ParsedFile, key: string, prefix: string): boolean {
  const id = `${file.source.path}\0${key}\0${prefix}`;
  if (w.expanded.has(id)) return false;
  w.expanded.add(id);
  return true;
}

/** `_join_route`: the inner pattern loses its leading `^` unless the outer one is empty. */
export function joinRoute(prefix: string, route: string): string {
  return prefix === '' ? route : prefix + route.replace(/^\^/, '');
}

function visitConf(w: Walk, file: ParsedFile, prefix: string): void {
  if (w.stack.includes(file) || !firstExpansion(w, file, '\0conf', prefix)) return;
  w.visited.add(file);
  w.stack.push(file);
  for (const v of w.values.of(file, 'urlpatterns')) patterns(w, file, v, prefix, 0);
  w.stack.pop();
}

function patterns(w: Walk, file: ParsedFile, node: Node | null, prefix: string, depth: number): void {
  if (node === null || depth > 16 || !within(w, file)) return;
  switch (node.type) {
    case 'list':
    case 'tuple':
    case 'parenthesized_expression':
      for (const c of node.namedChildren) patterns(w, file, c, prefix, depth + 1);
      return;
    case 'binary_operator':
      patterns(w, file, node.childForFieldName('left'), prefix, depth + 1);
      patterns(w, file, node.childForFieldName('right'), prefix, depth + 1);
      return;
    case 'identifier':
      if (!firstExpansion(w, file, node.text, prefix)) return;
      for (const v of w.values.of(file, node.text)) patterns(w, file, v, prefix, depth + 1);
      return;
    case 'attribute':
      routerRoutes(w, file, node, prefix);
      return;
    case 'call':
      entry(w, file, node, prefix, depth);
      return;
  }
}

function entry(w: Walk, file: ParsedFile, call: Node, prefix: string, depth: number): void {
  const callee = absoluteName(w.modules, file, call.childForFieldName('function')?.text ?? '');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter(
    (a): a is Node => a !== null && a.type !== 'keyword_argument',
  );
  if (callee === 'rest_framework.urlpatterns.format_suffix_patterns') {
    patterns(w, file, args[0] ?? null, prefix, depth + 1);
    return;
  }
  const pattern = stringValue(args[0] ?? null);
  const view = args[1];
  if (callee === undefined || !ROUTE_FUNCTIONS.has(callee) || pattern === undefined || !view) return;
  const route = joinRoute(prefix, pattern);
  const viewCallee = view.type === 'call' ? view.childForFieldName('function') : null;
  const viewArg = view.childForFieldName('arguments')?.namedChildren[0] ?? null;
  if (viewCallee !== null && INCLUDE_FUNCTIONS.has(absoluteName(w.modules, file, viewCallee.text) ?? ''))
    include(w, file, viewArg, route, depth);
  else if (viewCallee?.type === 'attribute' && viewCallee.childForFieldName('attribute')?.text === 'as_view')
    classView(w, file, viewCallee.childForFieldName('object')?.text ?? '', routeLabel(route, call), viewArg);
  else if (view.type === 'identifier' || view.type === 'attribute')
    functionView(w, file, view.text, routeLabel(route, call));
}

/** An empty route is reported by its `name=` (`GET home`), else by the method alone. */
function routeLabel(route: string, call: Node): string {
  if (route !== '') return route;
  for (const a of call.childForFieldName('arguments')?.namedChildren ?? [])
    if (a?.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'name')
      return stringValue(a.childForFieldName('value')) ?? '';
  return '';
}

/** `{method} {route}`, or the method alone when there is nothing to name the route by. */
function spanName(method: string, label: string): string {
  return label === '' ? method.toUpperCase() : `${method.toUpperCase()} ${label}`;
}

/** `include('mod.urls')`, `include(('mod.urls', 'ns'))`, `include([...])`, `include(mod)`, `include(router.urls)`. */
function include(w: Walk, file: ParsedFile, arg: Node | null, route: string, depth: number): void {
  if (arg === null) return;
  const literal = stringValue(arg);
  const object = arg.type === 'attribute' ? (arg.childForFieldName('object')?.text ?? '') : '';
  if (literal !== undefined) includeModule(w, w.modules.file(literal), route);
  else if (arg.type === 'tuple') include(w, file, arg.namedChildren[0] ?? null, route, depth);
  else if (arg.type === 'list' || (arg.type === 'identifier' && w.values.of(file, arg.text).length > 0))
    patterns(w, file, arg, route, depth + 1);
  else if (routerOf(w, file, object) !== undefined) routerRoutes(w, file, arg, route);
  else {
    const absolute = absoluteName(w.modules, file, arg.text);
    if (absolute !== undefined) includeModule(w, w.modules.file(absolute), route);
  }
}

function includeModule(w: Walk, target: ParsedFile | undefined, route: string): void {
  if (target === undefined) return;
  w.included.add(target);
  visitConf(w, target, route);
}

function functionView(w: Walk, file: ParsedFile, dotted: string, route: string): void {
  const found = w.modules.resolve(file, dotted);
  if (found === undefined) return;
  const fn = found.file.declared.find((d) => d.name === found.name && d.className === undefined);
  if (fn === undefined) return;
  for (const method of functionViewMethods(w.modules, found.file, fn))
    w.routes.push({
      span: spanName(method, route),
      file: found.file,
      handler: fn,
      name: fn.name,
      node: fn.node,
    });
}

/** `View.as_view()`: one route per handler method; `ViewSet.as_view({'get': 'list'})`: per mapping. */
function classView(w: Walk, file: ParsedFile, dotted: string, route: string, mapping: Node | null): void {
  const pairs: [string | undefined, string | undefined][] =
    mapping?.type === 'dictionary'
      ? mapping.namedChildren.map((p) => [
          stringValue(p?.childForFieldName('key') ?? null),
          stringValue(p?.childForFieldName('value') ?? null),
        ])
      : VIEW_VERBS.map((v) => [v, v]);
  classRoutes(w, file, dotted, route, pairs);
}

/** One route per (HTTP verb, handler method name) pair the class `dotted` implements. */
function classRoutes(
  w: Walk,
  file: ParsedFile,
  dotted: string,
  route: string,
  pairs: readonly (readonly [string | undefined, string | undefined])[],
): void {
  const found = w.modules.resolve(file, dotted);
  if (found === undefined) return;
  const handlers = classHandlers(w.modules, found.file, found.name);
  for (const [verb, action] of pairs) {
    const h = action === undefined ? undefined : handlers.get(action);
    if (verb === undefined || h === undefined) continue;
    w.routes.push({
      span: spanName(verb, route),
      file: h.file,
      handler: h.method,
      name: h.name,
      node: h.method?.node ?? h.classNode,
    });
  }
}

/** A DRF router variable of the file: its trailing slash (`/` unless `trailing_slash=False`). */
function routerOf(w: Walk, file: ParsedFile, name: string): string | undefined {
  for (const v of w.values.of(file, name)) {
    const callee =
      v.type === 'call'
        ? absoluteName(w.modules, file, v.childForFieldName('function')?.text ?? '')
        : undefined;
    if (!callee?.startsWith('rest_framework.routers.')) continue;
    const args = v.childForFieldName('arguments')?.namedChildren ?? [];
    const off = args.some(
      (a) => a?.type === 'keyword_argument' && a.text.replace(/\s/g, '') === 'trailing_slash=False',
    );
    return off ? '' : '/';
  }
  return undefined;
}

/** `router.urls`: the list and detail routes of every `router.register(prefix, ViewSet)`. */
function routerRoutes(w: Walk, file: ParsedFile, node: Node, prefix: string): void {
  const name = node.childForFieldName('object')?.text ?? '';
  const slash = routerOf(w, file, name);
  if (node.childForFieldName('attribute')?.text !== 'urls' || slash === undefined) return;
  for (const st of file.root.namedChildren) {
    const call = st?.type === 'expression_statement' ? st.namedChildren[0] : null;
    if (call?.type !== 'call' || call.childForFieldName('function')?.text !== `${name}.register`) continue;
    if (!within(w, file)) return;
    const [p, viewset] = call.childForFieldName('arguments')?.namedChildren ?? [];
    const registered = stringValue(p ?? null);
    if (registered === undefined || !viewset) continue;
    const list = joinRoute(prefix, `^${registered}${slash}$`);
    const detail = joinRoute(prefix, `^${registered}/(?P<pk>[^/.]+)${slash}$`);
    viewsetRoutes(w, file, viewset.text, list, LIST_ACTIONS);
    viewsetRoutes(w, file, viewset.text, detail, DETAIL_ACTIONS);
  }
}

function viewsetRoutes(
  w: Walk,
  file: ParsedFile,
  dotted: string,
  route: string,
  actions: Record<string, string>,
): void {
  classRoutes(w, file, dotted, route, Object.entries(actions));
}
