/**
 * Python modules of the analysed tree: dotted module names of files, imports made absolute (relative
 * `from . import views` included), and dotted references resolved to the file and name they denote.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ParsedFile } from './support.js';

/** Every Python file of the project by dotted module name (`users/views.py` -> `users.views`). */
export class PythonModules {
  private readonly byName = new Map<string, ParsedFile>();
  private readonly imports = new Map<ParsedFile, Map<string, string>>();

  constructor(files: readonly ParsedFile[]) {
    for (const f of files) this.byName.set(moduleName(f.source.path), f);
  }

  /**
   * The file of a dotted module: exact, else the only file whose name ends with `.${dotted}` (the
   * analysis root may sit above the Python path root).
   */
  file(dotted: string): ParsedFile | undefined {
    const exact = this.byName.get(dotted);
    if (exact !== undefined) return exact;
    let found: ParsedFile | undefined;
    for (const [name, f] of this.byName) {
      if (!name.endsWith(`.${dotted}`)) continue;
      if (found !== undefined) return undefined;
      found = f;
    }
    return found;
  }

  /** Local name -> absolute dotted name, for every import of `file`. */
  importsOf(file: ParsedFile): Map<string, string> {
    let map = this.imports.get(file);
    if (map === undefined) {
      map = absoluteImports(file);
      this.imports.set(file, map);
    }
    return map;
  }

  /**
   * What a dotted reference (`views.user_detail`, `OrderView`, `app.views.Cls`) in `file` denotes:
   * the file that defines it and the name inside that file. Undefined when it leaves the project.
   */
  resolve(file: ParsedFile, dotted: string): { file: ParsedFile; name: string } | undefined {
    const [head = '', ...rest] = dotted.split('.');
    const imported = this.importsOf(file).get(head);
    if (imported === undefined) return rest.length === 0 ? { file, name: head } : undefined;
    const parts = [...imported.split('.'), ...rest];
    for (let cut = parts.length - 1; cut > 0; cut--) {
      const target = this.file(parts.slice(0, cut).join('.'));
      if (target !== undefined) return { file: target, name: parts.slice(cut).join('.') };
    }
    return undefined;
  }
}

/** `a/b/c.py` -> `a.b.c`; `a/b/__init__.py` -> `a.b`. */
export function moduleName(path: string): string {
  return path
    .replace(/\.py$/, '')
    .replace(/\/__init__$/, '')
    .split('/')
    .join('.');
}

function absoluteImports(file: ParsedFile): Map<string, string> {
  const out = new Map<string, string>();
  const pkg = moduleName(file.source.path).split('.');
  if (!file.source.path.endsWith('/__init__.py') && file.source.path !== '__init__.py') pkg.pop();
  for (const node of file.root.namedChildren) {
    if (node?.type === 'import_statement') addPlain(node, out);
    if (node?.type === 'import_from_statement') addFrom(node, pkg, out);
  }
  return out;
}

function addPlain(node: Node, out: Map<string, string>): void {
  for (const n of node.childrenForFieldName('name')) {
    if (n?.type === 'aliased_import') {
      const name = n.childForFieldName('name')?.text ?? '';
      out.set(n.childForFieldName('alias')?.text ?? name, name);
    } else if (n) out.set(n.text.split('.')[0]!, n.text.split('.')[0]!);
  }
}

function addFrom(node: Node, pkg: readonly string[], out: Map<string, string>): void {
  const from = node.childForFieldName('module_name');
  if (from === null) return;
  const base = from.type === 'relative_import' ? relativeBase(from, pkg) : from.text;
  if (base === undefined) return;
  for (const n of node.childrenForFieldName('name')) {
    if (n === null) continue;
    const name = n.type === 'aliased_import' ? (n.childForFieldName('name')?.text ?? '') : n.text;
    const local = n.type === 'aliased_import' ? (n.childForFieldName('alias')?.text ?? name) : name;
    out.set(local, base === '' ? name : `${base}.${name}`);
  }
}

/** `.` is the file's package, `..` its parent, `.views` a module in the package. */
function relativeBase(node: Node, pkg: readonly string[]): string | undefined {
  const dots = node.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
  const rest = node.namedChildren.find((c) => c?.type === 'dotted_name')?.text;
  if (dots - 1 > pkg.length) return undefined;
  const parts = [...pkg.slice(0, pkg.length - (dots - 1)), ...(rest ? [rest] : [])];
  return parts.join('.');
}
