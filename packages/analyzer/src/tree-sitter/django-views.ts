/**
 * Django views as route handlers: function views (HTTP methods from `@require_http_methods`,
 * `@require_GET`, DRF `@api_view`), class-based views (`get`/`post`/… methods, own or inherited from
 * project classes or Django/DRF generic views) and DRF viewset actions.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { PythonModules } from './python-modules.js';
import type { Declared, ParsedFile } from './support.js';
import { stringValue } from './tree-walk.js';

/** Handler methods a class-based view dispatches to, by HTTP method. */
export const VIEW_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** What handles one HTTP method or viewset action of a class: a project method, or an inherited one. */
export interface ClassHandler {
  readonly file: ParsedFile;
  /** The project method, or undefined when a Django/DRF base class provides it. */
  readonly method: Declared | undefined;
  /** `Class.action` for inherited handlers (id and name of the synthetic function). */
  readonly name: string;
  readonly classNode: Node;
}

const BASES: ReadonlyMap<string, readonly string[]> = new Map([
  ['TemplateView', ['get']],
  ['RedirectView', ['get', 'post', 'put', 'patch', 'delete', 'head', 'options']],
  ['DetailView', ['get']],
  ['ListView', ['get']],
  ['ArchiveIndexView', ['get']],
  ['FormView', ['get', 'post', 'put']],
  ['CreateView', ['get', 'post', 'put']],
  ['UpdateView', ['get', 'post', 'put']],
  ['DeleteView', ['get', 'post', 'delete']],
  ['ListAPIView', ['get']],
  ['RetrieveAPIView', ['get']],
  ['CreateAPIView', ['post']],
  ['DestroyAPIView', ['delete']],
  ['UpdateAPIView', ['put', 'patch']],
  ['ListCreateAPIView', ['get', 'post']],
  ['RetrieveUpdateAPIView', ['get', 'put', 'patch']],
  ['RetrieveDestroyAPIView', ['get', 'delete']],
  ['RetrieveUpdateDestroyAPIView', ['get', 'put', 'patch', 'delete']],
  ['ModelViewSet', ['list', 'create', 'retrieve', 'update', 'partial_update', 'destroy']],
  ['ReadOnlyModelViewSet', ['list', 'retrieve']],
  ['ListModelMixin', ['list']],
  ['CreateModelMixin', ['create']],
  ['RetrieveModelMixin', ['retrieve']],
  ['UpdateModelMixin', ['update', 'partial_update']],
  ['DestroyModelMixin', ['destroy']],
]);

/** The handlers of a class, by method name (`get`, `list` …), own methods first, then bases in order. */
export function classHandlers(
  modules: PythonModules,
  file: ParsedFile,
  className: string,
  depth = 0,
): Map<string, ClassHandler> {
  const out = new Map<string, ClassHandler>();
  const node = classNode(file, className);
  if (node === undefined || depth > 8) return out;
  for (const d of file.declared)
    if (d.className === className) out.set(d.simple, { file, method: d, name: d.name, classNode: node });
  for (const base of node.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (base?.type !== 'identifier' && base?.type !== 'attribute') continue;
    for (const [k, v] of inherited(modules, file, base.text, node, className, depth))
      if (!out.has(k)) out.set(k, v);
  }
  return out;
}

function inherited(
  modules: PythonModules,
  file: ParsedFile,
  dotted: string,
  node: Node,
  className: string,
  depth: number,
): Map<string, ClassHandler> {
  const project = modules.resolve(file, dotted);
  if (project !== undefined && classNode(project.file, project.name) !== undefined)
    return classHandlers(modules, project.file, project.name, depth + 1);
  const absolute = modules.importsOf(file).get(dotted.split('.')[0]!) ?? '';
  const out = new Map<string, ClassHandler>();
  if (!/^(django|rest_framework)(\.|$)/.test(absolute)) return out;
  for (const action of BASES.get(dotted.split('.').at(-1)!) ?? [])
    out.set(action, { file, method: undefined, name: `${className}.${action}`, classNode: node });
  return out;
}

/** A top-level class of a file by name. */
export function classNode(file: ParsedFile, name: string): Node | undefined {
  for (const n of file.root.namedChildren) {
    const def = n?.type === 'decorated_definition' ? n.childForFieldName('definition') : n;
    if (def?.type === 'class_definition' && def.childForFieldName('name')?.text === name) return def;
  }
  return undefined;
}

/** The HTTP methods a function view accepts, from its decorators (`['GET']` when none says). */
export function functionViewMethods(modules: PythonModules, file: ParsedFile, fn: Declared): string[] {
  const parent = fn.node.parent;
  if (parent?.type !== 'decorated_definition') return ['GET'];
  for (const d of parent.namedChildren) {
    if (d?.type !== 'decorator') continue;
    const expr = d.namedChildren[0] ?? null;
    const callee = expr?.type === 'call' ? expr.childForFieldName('function') : expr;
    const absolute = absoluteName(modules, file, callee?.text ?? '');
    const name = absolute?.split('.').at(-1);
    if (absolute === undefined || !/^(django|rest_framework)\./.test(absolute)) continue;
    if (name === 'require_GET' || name === 'require_safe') return ['GET'];
    if (name === 'require_POST') return ['POST'];
    if ((name === 'require_http_methods' || name === 'api_view') && expr?.type === 'call')
      return listOfStrings(expr.childForFieldName('arguments')?.namedChildren[0] ?? null);
  }
  return ['GET'];
}

/** The absolute dotted name of a reference through the file's imports. */
export function absoluteName(modules: PythonModules, file: ParsedFile, dotted: string): string | undefined {
  const [head = '', ...rest] = dotted.split('.');
  const imported = modules.importsOf(file).get(head);
  return imported === undefined ? undefined : [imported, ...rest].join('.');
}

function listOfStrings(node: Node | null): string[] {
  const values = (node?.namedChildren ?? []).map((c) => stringValue(c)?.toUpperCase());
  const found = values.filter((v): v is string => v !== undefined);
  return found.length > 0 ? found : ['GET'];
}
