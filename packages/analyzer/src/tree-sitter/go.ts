/** Go: functions and methods, `tracer.Start`, net/http, gin and echo routes, imports for libraries. */
import type { Node } from '@vscode/tree-sitter-wasm';
import { clientLibrary } from '../libraries.js';
import type { CallTarget, FunctionIR, SourceFile } from '../model.js';
import { type Declared, type LanguageSupport, only, type ParsedFile, type ProjectIndex } from './support.js';
import { type LanguageRules, line, type Shape, stringValue, walkTreeFunction } from './tree-walk.js';

/** net/http calls that reach another service (the rest of the package serves or builds values). */
const HTTP_CLIENT = new Set(['Get', 'Post', 'Head', 'PostForm', 'Do']);
const ROUTE_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']);
const ROUTERS = new Set([
  'net/http',
  'github.com/gin-gonic/gin',
  'github.com/labstack/echo/v4',
  'github.com/go-chi/chi/v5',
]);

interface GoFile extends ParsedFile {
  /** Variable, parameter or struct field -> the node of its type or value. */
  readonly values: Map<string, Node>;
}

/** The Go language support. */
export const goSupport: LanguageSupport = {
  grammar: 'go',
  declare,
  link,
  rules: (file, fn, index) => rules(file as GoFile, fn, index),
};

function packageName(path: string): string {
  const parts = path.split('/');
  const last = parts.at(-1)!;
  const name = /^v\d+$/.test(last) && parts.length > 1 ? parts.at(-2)! : last;
  return name.replace(/^go-/, '');
}

function declare(source: SourceFile, root: Node): GoFile {
  const file: GoFile = { source, root, declared: [], imports: new Map(), values: new Map() };
  for (const spec of root.descendantsOfType('import_spec')) {
    const path = stringValue(spec?.childForFieldName('path') ?? null);
    if (spec === null || path === undefined) continue;
    file.imports.set(spec.childForFieldName('name')?.text ?? packageName(path), path);
  }
  for (const d of root.descendantsOfType(['parameter_declaration', 'field_declaration', 'var_spec'])) {
    const type = d?.childForFieldName('type') ?? d?.childForFieldName('value') ?? null;
    if (d === null || type === null) continue;
    for (const n of d.childrenForFieldName('name')) if (n) file.values.set(n.text, type);
  }
  for (const d of root.descendantsOfType('short_var_declaration')) {
    const left = d?.childForFieldName('left')?.namedChildren ?? [];
    const right = d?.childForFieldName('right')?.namedChildren ?? [];
    left.forEach((n, i) => {
      const v = right[i] ?? right[0];
      if (n && v) file.values.set(n.text, v);
    });
  }
  for (const f of root.namedChildren) {
    if (f?.type !== 'function_declaration' && f?.type !== 'method_declaration') continue;
    const simple = f.childForFieldName('name')?.text ?? 'func';
    const recv =
      f.type === 'method_declaration'
        ? f.childForFieldName('receiver')?.descendantsOfType('type_identifier')[0]?.text
        : undefined;
    const name = recv === undefined ? simple : `${recv}.${simple}`;
    const body = f.childForFieldName('body');
    const fn: Declared = {
      id: `${source.path}#${name}`,
      name,
      simple,
      ...(recv ? { className: recv } : {}),
      span: name,
      origin: 'method',
      node: f,
      body,
    };
    const started = topLevelSpan(body);
    if (started !== undefined) Object.assign(fn, { span: started, origin: 'span' });
    file.declared.push(fn);
  }
  return file;
}

/** `ctx, span := tracer.Start(ctx, "name")` among the first statements names the whole function. */
function topLevelSpan(body: Node | null): string | undefined {
  for (const st of body?.namedChildren.slice(0, 3) ?? []) {
    const call = st?.descendantsOfType('call_expression')[0];
    const callee = call?.childForFieldName('function');
    if (callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === 'Start') {
      const name = stringValue(call?.childForFieldName('arguments')?.namedChildren[1] ?? null);
      if (name !== undefined) return name;
    }
  }
  return undefined;
}

/**
 * Routes: `http.HandleFunc("/x", h)`, `mux.HandleFunc("GET /x", h)`, `r.GET("/x", h)` (gin, echo).
 * A named handler (`h`, or a method value `s.h`) may live in any file; its first route renames it,
 * further routes of the same handler become functions of their own.
 */
function link(files: readonly ParsedFile[], index: ProjectIndex, out: FunctionIR[]): void {
  const handlers = new Map<string, { file: GoFile; fn: Declared }[]>();
  for (const file of files)
    for (const fn of file.declared) {
      for (const key of [fn.name, `.${fn.simple}`]) {
        const list = handlers.get(key) ?? [];
        list.push({ file: file as GoFile, fn });
        handlers.set(key, list);
      }
    }
  const named = new Set<Declared>();
  for (const file of files)
    for (const call of file.root.descendantsOfType('call_expression')) {
      const route = routeOf(file as GoFile, call);
      const handler = call?.childForFieldName('arguments')?.namedChildren.at(-1) ?? null;
      if (route === undefined || handler === null) continue;
      if (handler.type === 'func_literal') {
        out.push(inlineRoute(file as GoFile, handler, route, index, out));
        continue;
      }
      const key =
        handler.type === 'selector_expression'
          ? `.${handler.childForFieldName('field')?.text}`
          : handler.text;
      const found = handlers.get(key);
      const target = found?.find((h) => h.file === file) ?? (found?.length === 1 ? found[0] : undefined);
      if (target !== undefined) namedRoute(target, route, named, index, out);
    }
}

function inlineRoute(file: GoFile, handler: Node, route: string, index: ProjectIndex, out: FunctionIR[]) {
  const id = `${file.source.path}#${route}@${line(handler)}`;
  const body = handler.childForFieldName('body');
  const fn: Declared = {
    id,
    name: route,
    simple: route,
    span: route,
    origin: 'route',
    node: handler,
    body: null,
  };
  const target = { path: file.source.path, id, span: route, origin: 'route' as const, node: handler, body };
  return walkTreeFunction(rules(file, fn, index), target, out);
}

function namedRoute(
  h: { file: GoFile; fn: Declared },
  route: string,
  named: Set<Declared>,
  index: ProjectIndex,
  out: FunctionIR[],
): void {
  if (!named.has(h.fn)) {
    named.add(h.fn);
    Object.assign(h.fn, { span: route, origin: 'route' });
    return;
  }
  const id = `${h.fn.id}@${route}`;
  const target = {
    path: h.file.source.path,
    id,
    span: route,
    origin: 'route' as const,
    node: h.fn.node,
    body: h.fn.body,
  };
  out.push(walkTreeFunction(rules(h.file, h.fn, index), target, out));
}

function routeOf(file: GoFile, call: Node | null): string | undefined {
  const callee = call?.childForFieldName('function');
  if (callee?.type !== 'selector_expression') return undefined;
  const method = callee.childForFieldName('field')?.text ?? '';
  const args = call?.childForFieldName('arguments')?.namedChildren ?? [];
  const pattern = stringValue(args[0] ?? null);
  if (pattern === undefined || args.length < 2) return undefined;
  const module = originOf(file, callee.childForFieldName('operand'), 0);
  if (module === undefined || !ROUTERS.has(module)) return undefined;
  if (method === 'HandleFunc' || method === 'Handle')
    return /^[A-Z]+ /.test(pattern) ? pattern : `HTTP ${pattern}`;
  return ROUTE_METHODS.has(method) ? `${method} ${pattern}` : undefined;
}

/** The import path a value comes from, following declarations (depth-limited). */
function originOf(file: GoFile, node: Node | null, depth: number): string | undefined {
  if (node === null || depth > 6) return undefined;
  switch (node.type) {
    case 'identifier':
    case 'package_identifier': {
      const imported = file.imports.get(node.text);
      if (imported !== undefined) return imported;
      const value = file.values.get(node.text);
      return value === undefined ? undefined : originOf(file, value, depth + 1);
    }
    case 'qualified_type':
      return originOf(file, node.childForFieldName('package'), depth + 1);
    case 'selector_expression': {
      const field = file.values.get(node.childForFieldName('field')?.text ?? '');
      return (
        originOf(file, node.childForFieldName('operand'), depth + 1) ??
        originOf(file, field ?? null, depth + 1)
      );
    }
    case 'call_expression':
      return originOf(file, node.childForFieldName('function'), depth + 1);
    default: {
      const inner = node.namedChildren[0] ?? null;
      return ['pointer_type', 'unary_expression', 'composite_literal', 'parenthesized_expression'].includes(
        node.type,
      )
        ? originOf(file, inner, depth + 1)
        : undefined;
    }
  }
}

function rules(file: GoFile, fn: Declared, index: ProjectIndex): LanguageRules {
  return {
    shape: (node) => shape(file, node),
    resolve: (call) => resolve(file, fn, index, call),
    isErrorCheck: (node) =>
      node.type === 'if_statement' &&
      /\berr\s*!=\s*nil\b/.test(node.childForFieldName('condition')?.text ?? ''),
  };
}

function resolve(file: GoFile, fn: Declared, index: ProjectIndex, call: Node): CallTarget | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type === 'identifier') {
    const id = only(index.byName, callee.text);
    return id === undefined ? undefined : { kind: 'function', id };
  }
  if (callee?.type !== 'selector_expression') return undefined;
  const method = callee.childForFieldName('field')?.text ?? '';
  const operand = callee.childForFieldName('operand');
  const module = originOf(file, operand, 0);
  const lib = module === undefined ? undefined : clientLibrary(module);
  if (module !== undefined && lib !== undefined && (module !== 'net/http' || HTTP_CLIENT.has(method)))
    return {
      kind: 'external',
      library: lib.name,
      external: lib.external,
      span: `${packageName(module)}.${method}`,
    };
  const recvType = operand === null ? undefined : typeName(file, operand, fn);
  const id = recvType === undefined ? undefined : only(index.byName, `${recvType}.${method}`);
  return id === undefined ? undefined : { kind: 'function', id };
}

function typeName(file: GoFile, operand: Node, fn: Declared): string | undefined {
  const key =
    operand.type === 'selector_expression' ? operand.childForFieldName('field')?.text : operand.text;
  const recv = fn.node.childForFieldName('receiver')?.descendantsOfType('identifier')[0]?.text;
  if (key === recv) return fn.className;
  const v = key === undefined ? undefined : file.values.get(key);
  return (
    v?.descendantsOfType('type_identifier')[0]?.text ?? (v?.type === 'type_identifier' ? v.text : undefined)
  );
}

function shape(file: GoFile, node: Node): Shape | undefined {
  switch (node.type) {
    case 'if_statement': {
      const alt = node.childForFieldName('alternative');
      const cons = node.childForFieldName('consequence');
      return {
        kind: 'if',
        cond: node.childForFieldName('condition'),
        arms: alt ? [cons, alt] : [cons],
        exhaustive: alt !== null,
      };
    }
    case 'binary_expression': {
      const op = node.childForFieldName('operator')?.text;
      if (op !== '&&' && op !== '||') return undefined;
      return {
        kind: 'if',
        cond: node.childForFieldName('left'),
        arms: [node.childForFieldName('right')],
        exhaustive: false,
      };
    }
    case 'for_statement':
      return { kind: 'loop', before: [], body: node.namedChildren };
    case 'expression_switch_statement':
    case 'type_switch_statement':
    case 'select_statement': {
      const arms = node.namedChildren.filter((c): c is Node => c !== null && /case|default/.test(c.type));
      return {
        kind: 'if',
        cond: node.childForFieldName('value'),
        arms,
        exhaustive: arms.some((a) => a.type === 'default_case'),
      };
    }
    case 'return_statement':
      return { kind: 'return', value: node.namedChildren[0] ?? null };
    case 'break_statement':
      return { kind: 'break' };
    case 'continue_statement':
      return { kind: 'continue' };
    case 'func_literal':
      return { kind: 'skip' };
    case 'call_expression': {
      if (routeOf(file, node) !== undefined) return { kind: 'skip' };
      const callee = node.childForFieldName('function');
      if (callee?.text === 'panic') return { kind: 'throw', value: node.childForFieldName('arguments') };
      const span =
        callee?.type === 'selector_expression' && callee.childForFieldName('field')?.text === 'Start'
          ? stringValue(node.childForFieldName('arguments')?.namedChildren[1] ?? null)
          : undefined;
      if (span !== undefined) return { kind: 'skip' };
      return {
        kind: 'call',
        node,
        inner: [
          callee?.type === 'selector_expression' ? callee.childForFieldName('operand') : null,
          node.childForFieldName('arguments'),
        ],
      };
    }
    default:
      return undefined;
  }
}
