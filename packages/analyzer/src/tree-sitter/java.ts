/** Java: methods as `Class.method`, Spring `@*Mapping` routes, `@WithSpan`, typed fields for libraries. */
import type { Node } from '@vscode/tree-sitter-wasm';
import { clientLibrary } from '../libraries.js';
import type { CallTarget, SourceFile } from '../model.js';
import {
  addTo,
  childrenOfType,
  type Declared,
  type LanguageSupport,
  only,
  type ParsedFile,
  type ProjectIndex,
} from './support.js';
import { type LanguageRules, type Shape, stringValue } from './tree-walk.js';

const MAPPINGS = new Map([
  ['GetMapping', 'GET'],
  ['PostMapping', 'POST'],
  ['PutMapping', 'PUT'],
  ['DeleteMapping', 'DELETE'],
  ['PatchMapping', 'PATCH'],
]);

const SUPER_CLAUSES = new Set(['superclass', 'super_interfaces', 'extends_interfaces']);

interface JavaFile extends ParsedFile {
  /** Variable or field name -> its declared type (simple name, generics removed). */
  readonly types: Map<string, string>;
}

/** The Java language support. */
export const javaSupport: LanguageSupport = {
  grammar: 'java',
  declare,
  rules: (file, fn, index) => rules(file as JavaFile, fn, index),
};

function declare(source: SourceFile, root: Node, index: ProjectIndex): JavaFile {
  const file: JavaFile = { source, root, declared: [], imports: new Map(), types: new Map() };
  for (const imp of childrenOfType(root, 'import_declaration')) {
    const fqn = imp.text
      .replace(/^import\s+(static\s+)?/, '')
      .replace(/;$/, '')
      .trim();
    if (!fqn.endsWith('*')) file.imports.set(fqn.split('.').at(-1)!, fqn);
  }
  for (const decl of root.descendantsOfType([
    'field_declaration',
    'formal_parameter',
    'local_variable_declaration',
  ])) {
    const type = decl?.childForFieldName('type')?.text.replace(/<.*$/s, '');
    if (decl === null || type === undefined) continue;
    const names =
      decl.type === 'formal_parameter'
        ? [decl.childForFieldName('name')]
        : decl.childrenForFieldName('declarator').map((d) => d?.childForFieldName('name') ?? null);
    for (const n of names) if (n) file.types.set(n.text, type);
  }
  for (const cls of root.descendantsOfType(['class_declaration', 'interface_declaration'])) {
    if (cls === null) continue;
    const name = cls.childForFieldName('name')?.text ?? 'Class';
    const supers = cls.namedChildren
      .filter((c): c is Node => c !== null && SUPER_CLAUSES.has(c.type))
      .flatMap((c) => c.descendantsOfType('type_identifier').map((t) => t?.text ?? ''));
    // A Feign client interface calls another service in every method.
    if (annotationOf(cls, 'FeignClient') !== undefined) supers.push('FeignClient');
    index.types.set(name, { file: source.path, supers: supers.map((s) => file.imports.get(s) ?? s) });
    if (cls.type === 'class_declaration') declareClass(file, cls, name);
  }
  return file;
}

function declareClass(file: JavaFile, cls: Node, name: string): void {
  const prefix = mappingPath(cls.childForFieldName('body')?.parent ?? cls, 'RequestMapping') ?? '';
  for (const m of cls.childForFieldName('body')?.namedChildren ?? []) {
    if (m === null || (m.type !== 'method_declaration' && m.type !== 'constructor_declaration')) continue;
    const simple = m.childForFieldName('name')?.text ?? 'method';
    const fn: Declared = {
      id: `${file.source.path}#${name}.${simple}`,
      name: `${name}.${simple}`,
      simple,
      className: name,
      span: `${name}.${simple}`,
      origin: 'method',
      node: m,
      body: m.childForFieldName('body'),
    };
    for (const [annotation, verb] of MAPPINGS) {
      const path = mappingPath(m, annotation);
      if (path !== undefined) Object.assign(fn, { span: `${verb} ${join(prefix, path)}`, origin: 'route' });
    }
    const requestMapping = annotationOf(m, 'RequestMapping');
    if (requestMapping !== undefined) {
      const verb = /RequestMethod\.([A-Z]+)/.exec(requestMapping.text)?.[1] ?? 'GET';
      const path = firstString(requestMapping) ?? '';
      Object.assign(fn, { span: `${verb} ${join(prefix, path)}`, origin: 'route' });
    }
    const withSpan = annotationOf(m, 'WithSpan');
    if (withSpan !== undefined) Object.assign(fn, { span: firstString(withSpan) ?? fn.name, origin: 'span' });
    file.declared.push(fn);
  }
}

function annotationOf(node: Node, name: string): Node | undefined {
  const mods = childrenOfType(node, 'modifiers')[0];
  return (
    mods?.namedChildren.find(
      (a) =>
        a !== null &&
        (a.type === 'annotation' || a.type === 'marker_annotation') &&
        a.childForFieldName('name')?.text === name,
    ) ?? undefined
  );
}

function firstString(annotation: Node): string | undefined {
  const lit = annotation.descendantsOfType('string_literal')[0] ?? null;
  return stringValue(lit);
}

function mappingPath(node: Node, annotation: string): string | undefined {
  const a = annotationOf(node, annotation);
  return a === undefined ? undefined : (firstString(a) ?? '');
}

function join(prefix: string, path: string): string {
  const parts = [prefix, path].map((p) => p.replace(/^\/+|\/+$/g, '')).filter((p) => p !== '');
  return `/${parts.join('/')}`;
}

function rules(file: JavaFile, fn: Declared, index: ProjectIndex): LanguageRules {
  return { shape, resolve: (call) => resolve(file, fn, index, call) };
}

function resolve(file: JavaFile, fn: Declared, index: ProjectIndex, call: Node): CallTarget | undefined {
  const method = call.childForFieldName('name')?.text ?? '';
  const object = call.childForFieldName('object');
  if (object === null || object.type === 'this') return local(index, `${fn.className}.${method}`);
  const name = object.type === 'field_access' ? (object.childForFieldName('field')?.text ?? '') : object.text;
  const type = file.types.get(name) ?? name;
  const own = local(index, `${type}.${method}`) ?? implementation(index, type, method);
  if (own !== undefined) return own;
  const projectType = index.types.get(type);
  const module = projectType?.supers.map((s) => clientLibrary(s)).find((l) => l !== undefined);
  if (module !== undefined)
    return { kind: 'external', library: module.name, external: module.external, span: `${type}.${method}` };
  const lib = clientLibrary(file.imports.get(type) ?? '');
  return lib === undefined
    ? undefined
    : { kind: 'external', library: lib.name, external: lib.external, span: `${type}.${method}` };
}

function local(index: ProjectIndex, name: string): CallTarget | undefined {
  const id = only(index.byName, name);
  return id === undefined ? undefined : { kind: 'function', id };
}

/** A call through an interface goes to its one implementing class, when there is exactly one. */
function implementation(index: ProjectIndex, type: string, method: string): CallTarget | undefined {
  const impls = implementersOf(index).get(type);
  return impls?.length === 1 ? local(index, `${impls[0]}.${method}`) : undefined;
}

const implementers = new WeakMap<ProjectIndex, { size: number; map: Map<string, string[]> }>();

/** Type (simple name, and fully qualified) -> project types that extend or implement it, built once. */
function implementersOf(index: ProjectIndex): Map<string, string[]> {
  const cached = implementers.get(index);
  if (cached !== undefined && cached.size === index.types.size) return cached.map;
  const map = new Map<string, string[]>();
  for (const [name, t] of index.types)
    for (const s of new Set(t.supers.flatMap((x) => [x, x.split('.').at(-1)!]))) addTo(map, s, name);
  implementers.set(index, { size: index.types.size, map });
  return map;
}

function shape(node: Node): Shape | undefined {
  switch (node.type) {
    case 'if_statement': {
      const alt = node.childForFieldName('alternative');
      return {
        kind: 'if',
        cond: node.childForFieldName('condition'),
        arms: alt ? [node.childForFieldName('consequence'), alt] : [node.childForFieldName('consequence')],
        exhaustive: alt !== null,
      };
    }
    case 'ternary_expression':
      return {
        kind: 'if',
        cond: node.childForFieldName('condition'),
        arms: [node.childForFieldName('consequence'), node.childForFieldName('alternative')],
        exhaustive: true,
      };
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
    case 'enhanced_for_statement':
    case 'while_statement':
    case 'do_statement':
      return {
        kind: 'loop',
        before: [node.childForFieldName('value')],
        body: [node.childForFieldName('condition'), node.childForFieldName('body')],
      };
    case 'try_statement':
    case 'try_with_resources_statement':
      return {
        kind: 'try',
        body: [node.childForFieldName('resources'), node.childForFieldName('body')],
        handlers: childrenOfType(node, 'catch_clause'),
        finalizer: childrenOfType(node, 'finally_clause')[0] ?? null,
      };
    case 'switch_expression': {
      const arms = node.childForFieldName('body')?.namedChildren.filter((c): c is Node => c !== null) ?? [];
      return {
        kind: 'if',
        cond: node.childForFieldName('condition'),
        arms,
        exhaustive: arms.some((a) => /^\s*default\b/.test(a.text)),
      };
    }
    case 'return_statement':
      return { kind: 'return', value: node.namedChildren[0] ?? null };
    case 'throw_statement':
      return { kind: 'throw', value: null };
    case 'break_statement':
      return { kind: 'break' };
    case 'continue_statement':
      return { kind: 'continue' };
    case 'lambda_expression':
    case 'class_body':
      return { kind: 'skip' };
    case 'method_invocation': {
      const span =
        node.childForFieldName('name')?.text === 'spanBuilder'
          ? stringValue(node.childForFieldName('arguments')?.namedChildren[0] ?? null)
          : undefined;
      if (span !== undefined) return { kind: 'span', name: span, before: [], body: null };
      return {
        kind: 'call',
        node,
        inner: [node.childForFieldName('object'), node.childForFieldName('arguments')],
      };
    }
    default:
      return undefined;
  }
}
