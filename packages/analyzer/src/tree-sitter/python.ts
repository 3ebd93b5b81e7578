/**
 * Python: functions and methods, Flask/FastAPI routes, Django URL confs, `start_as_current_span`,
 * imports for libraries.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import { clientLibrary } from '../libraries.js';
import type { CallTarget, FileProblem, FunctionIR, SourceFile } from '../model.js';
import { djangoRoutes } from './django-urls.js';
import {
  childrenOfType,
  type Declared,
  type LanguageSupport,
  only,
  type ParsedFile,
  type ProjectIndex,
} from './support.js';
import { type LanguageRules, type Shape, stringValue, walkTreeFunction } from './tree-walk.js';

const ROUTERS = new Set(['flask', 'fastapi', 'starlette', 'sanic', 'quart']);
const VERBS = new Set(['get', 'post', 'put', 'delete', 'patch', 'head', 'options']);

interface PyFile extends ParsedFile {
  /** Variable (or `self.x`) -> the expression it was assigned from. */
  readonly assigned: Map<string, Node>;
}

/** The Python language support. */
export const pythonSupport: LanguageSupport = {
  grammar: 'python',
  declare,
  link,
  rules: (file, fn, index) => rules(file as PyFile, fn, index),
};

/**
 * Django routes: a handler's first route renames it; further routes of the same handler, and
 * handlers inherited from Django/DRF base classes, become functions of their own.
 */
function link(
  files: readonly ParsedFile[],
  index: ProjectIndex,
  out: FunctionIR[],
  problems: FileProblem[],
): void {
  const named = new Set<Declared>();
  const ids = new Set<string>();
  for (const r of djangoRoutes(files, problems)) {
    if (r.handler !== undefined && !named.has(r.handler)) {
      named.add(r.handler);
      Object.assign(r.handler, { span: r.span, origin: 'route' });
      continue;
    }
    const id = `${r.handler?.id ?? `${r.file.source.path}#${r.name}`}@${r.span}`;
    if (ids.has(id)) continue;
    ids.add(id);
    const fn: Declared = r.handler ?? {
      id,
      name: r.name,
      simple: r.name,
      span: r.span,
      origin: 'route',
      node: r.node,
      body: null,
    };
    const target = {
      path: r.file.source.path,
      id,
      span: r.span,
      origin: 'route' as const,
      node: r.node,
      body: r.handler?.body ?? null,
    };
    out.push(walkTreeFunction(rules(r.file as PyFile, fn, index), target, out));
  }
}

function declare(source: SourceFile, root: Node): PyFile {
  const file: PyFile = { source, root, declared: [], imports: new Map(), assigned: new Map() };
  const visit = (node: Node, cls: string | undefined, decorators: readonly Node[]): void => {
    if (node.type === 'import_statement' || node.type === 'import_from_statement') {
      addImports(node, file.imports);
      return;
    }
    if (node.type === 'assignment') addAssignment(node, file.assigned);
    if (node.type === 'as_pattern') addWithTarget(node, file.assigned);
    if (node.type === 'decorated_definition') {
      const def = node.childForFieldName('definition');
      if (def !== null) visit(def, cls, childrenOfType(node, 'decorator'));
      return;
    }
    if (node.type === 'class_definition') {
      const name = node.childForFieldName('name')?.text ?? 'class';
      for (const c of node.childForFieldName('body')?.namedChildren ?? []) if (c) visit(c, name, []);
      return;
    }
    if (node.type === 'function_definition') declareFunction(file, node, cls, decorators);
    for (const c of node.namedChildren) if (c) visit(c, cls, []);
  };
  visit(root, undefined, []);
  return file;
}

function declareFunction(
  file: PyFile,
  node: Node,
  cls: string | undefined,
  decorators: readonly Node[],
): void {
  const simple = node.childForFieldName('name')?.text ?? 'function';
  const name = cls === undefined ? simple : `${cls}.${simple}`;
  const fn: Declared = {
    id: `${file.source.path}#${name}`,
    name,
    simple,
    ...(cls === undefined ? {} : { className: cls }),
    span: name,
    origin: 'method',
    node,
    body: node.childForFieldName('body'),
  };
  for (const d of decorators) applyDecorator(file, fn, d);
  file.declared.push(fn);
}

/** `@app.route('/x', methods=['POST'])`, `@app.get('/x')`, `@tracer.start_as_current_span('n')`. */
function applyDecorator(file: PyFile, fn: Declared, decorator: Node): void {
  const call = decorator.namedChildren[0];
  if (call?.type !== 'call') return;
  const callee = call.childForFieldName('function');
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  const first = stringValue(args[0] ?? null);
  if (callee?.type !== 'attribute' || first === undefined) return;
  const method = callee.childForFieldName('attribute')?.text ?? '';
  if (method === 'start_as_current_span') {
    fn.span = first;
    fn.origin = 'span';
    return;
  }
  const module = originOf(file, callee.childForFieldName('object'), 0);
  if (module === undefined || !ROUTERS.has(module.split('.')[0]!)) return;
  const verb = method === 'route' ? routeMethod(args) : VERBS.has(method) ? method.toUpperCase() : undefined;
  if (verb === undefined) return;
  fn.span = `${verb} ${first}`;
  fn.origin = 'route';
}

function routeMethod(args: readonly (Node | null)[]): string {
  for (const a of args) {
    if (a?.type !== 'keyword_argument' || a.childForFieldName('name')?.text !== 'methods') continue;
    const list = a.childForFieldName('value')?.namedChildren ?? [];
    return stringValue(list[0] ?? null)?.toUpperCase() ?? 'GET';
  }
  return 'GET';
}

function addImports(node: Node, imports: Map<string, string>): void {
  const from =
    node.type === 'import_from_statement' ? node.childForFieldName('module_name')?.text : undefined;
  for (const n of node.childrenForFieldName('name')) {
    if (n === null) continue;
    const aliased = n.type === 'aliased_import';
    const dotted = aliased ? (n.childForFieldName('name')?.text ?? '') : n.text;
    const local = aliased
      ? (n.childForFieldName('alias')?.text ?? dotted)
      : from
        ? dotted
        : dotted.split('.')[0]!;
    imports.set(local, from === undefined ? (aliased ? dotted : local) : `${from}.${dotted}`);
  }
}

function addAssignment(node: Node, assigned: Map<string, Node>): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left === null || right === null) return;
  if (left.type === 'identifier' || left.type === 'attribute') assigned.set(left.text, right);
}

/** `with psycopg.connect() as conn:` binds `conn` like an assignment. */
function addWithTarget(node: Node, assigned: Map<string, Node>): void {
  const value = node.namedChildren[0];
  const target = node.childForFieldName('alias')?.namedChildren[0];
  if (value && target?.type === 'identifier') assigned.set(target.text, value);
}

/** The module a value comes from, following assignments (depth-limited). */
function originOf(file: PyFile, node: Node | null, depth: number): string | undefined {
  if (node === null || depth > 6) return undefined;
  if (node.type === 'call') return factoryOrigin(file, node.childForFieldName('function'));
  if (node.type === 'await') return originOf(file, node.namedChildren[0] ?? null, depth + 1);
  if (node.type === 'attribute') {
    const whole = file.assigned.get(node.text);
    if (whole !== undefined) return originOf(file, whole, depth + 1);
    return originOf(file, node.childForFieldName('object'), depth + 1);
  }
  if (node.type !== 'identifier') return undefined;
  const imported = file.imports.get(node.text);
  if (imported !== undefined) return imported;
  const value = file.assigned.get(node.text);
  return value === undefined ? undefined : originOf(file, value, depth + 1);
}

/** A value made by `module.factory()` or `Factory()` of an imported module is a client; results of client calls are not. */
function factoryOrigin(file: PyFile, callee: Node | null): string | undefined {
  const root = callee?.type === 'attribute' ? callee.childForFieldName('object') : callee;
  return root?.type === 'identifier' ? file.imports.get(root.text) : undefined;
}

function rules(file: PyFile, fn: Declared, index: ProjectIndex): LanguageRules {
  return { shape: (node) => shape(file, node), resolve: (call) => resolve(file, fn, index, call) };
}

function resolve(file: PyFile, fn: Declared, index: ProjectIndex, call: Node): CallTarget | undefined {
  const callee = call.childForFieldName('function');
  if (callee === null) return undefined;
  if (callee.type === 'identifier') {
    const local = file.declared.find((d) => d.name === callee.text);
    if (local !== undefined) return { kind: 'function', id: local.id };
    const project = only(index.byName, callee.text);
    if (project !== undefined) return { kind: 'function', id: project };
    return external(file, callee, callee.text);
  }
  if (callee.type !== 'attribute') return undefined;
  const method = callee.childForFieldName('attribute')?.text ?? '';
  const object = callee.childForFieldName('object');
  if (object?.text === 'self' || object?.text === 'cls') {
    const own = only(index.byName, `${fn.className}.${method}`);
    if (own !== undefined) return { kind: 'function', id: own };
  }
  const ext = external(file, object, method);
  if (ext !== undefined) return ext;
  const byClass = object === null ? undefined : only(index.byName, `${object.text}.${method}`);
  if (byClass !== undefined) return { kind: 'function', id: byClass };
  return undefined;
}

function external(file: PyFile, node: Node | null, method: string): CallTarget | undefined {
  const module = originOf(file, node, 0);
  const lib = module === undefined ? undefined : clientLibrary(module.split('.')[0]!);
  if (module === undefined || lib === undefined) return undefined;
  return {
    kind: 'external',
    library: lib.name,
    external: lib.external,
    span: `${module.split('.')[0]}.${method}`,
  };
}

function shape(file: PyFile, node: Node): Shape | undefined {
  switch (node.type) {
    case 'if_statement': {
      const elifs = childrenOfType(node, 'elif_clause').map((e) => e.childForFieldName('consequence'));
      const other = childrenOfType(node, 'else_clause')[0]?.childForFieldName('body') ?? null;
      const arms = [node.childForFieldName('consequence'), ...elifs, ...(other ? [other] : [])];
      return { kind: 'if', cond: node.childForFieldName('condition'), arms, exhaustive: other !== null };
    }
    case 'conditional_expression': {
      const [a, cond, b] = node.namedChildren;
      return { kind: 'if', cond: cond ?? null, arms: [a ?? null, b ?? null], exhaustive: true };
    }
    case 'boolean_operator':
      return {
        kind: 'if',
        cond: node.childForFieldName('left'),
        arms: [node.childForFieldName('right')],
        exhaustive: false,
      };
    case 'for_statement':
      return {
        kind: 'loop',
        before: [node.childForFieldName('right')],
        body: [node.childForFieldName('body')],
      };
    case 'while_statement':
      return {
        kind: 'loop',
        before: [],
        body: [node.childForFieldName('condition'), node.childForFieldName('body')],
      };
    case 'try_statement':
      return {
        kind: 'try',
        body: [node.childForFieldName('body'), ...childrenOfType(node, 'else_clause')],
        handlers: childrenOfType(node, 'except_clause'),
        finalizer: childrenOfType(node, 'finally_clause')[0] ?? null,
      };
    case 'return_statement':
      return { kind: 'return', value: node.namedChildren[0] ?? null };
    case 'raise_statement':
      return { kind: 'throw', value: null };
    case 'break_statement':
      return { kind: 'break' };
    case 'continue_statement':
      return { kind: 'continue' };
    case 'function_definition':
    case 'class_definition':
    case 'decorated_definition':
    case 'lambda':
      return { kind: 'skip' };
    case 'with_statement':
      return withShape(file, node);
    case 'call': {
      const callee = node.childForFieldName('function');
      const inner = [
        callee?.type === 'attribute' ? callee.childForFieldName('object') : null,
        node.childForFieldName('arguments'),
      ];
      return { kind: 'call', node, inner };
    }
    default:
      return undefined;
  }
}

/** `with tracer.start_as_current_span("name"):` — the body becomes a span of its own. */
function withShape(_file: PyFile, node: Node): Shape | undefined {
  const item = node.descendantsOfType('with_item')[0];
  const call = item?.childForFieldName('value');
  if (call?.type !== 'call') return undefined;
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'start_as_current_span')
    return undefined;
  const name = stringValue(call.childForFieldName('arguments')?.namedChildren[0] ?? null);
  if (name === undefined) return undefined;
  return { kind: 'span', name, before: [], body: node.childForFieldName('body') };
}
