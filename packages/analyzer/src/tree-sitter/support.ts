/** What each tree-sitter language provides, and the project-wide function index they share. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileProblem, FunctionIR, SourceFile } from '../model.js';
import type { LanguageRules } from './tree-walk.js';

/** A function declared in a file. */
export interface Declared {
  readonly id: string;
  /** `Class.method` or `function`. */
  readonly name: string;
  /** Method or function name alone. */
  readonly simple: string;
  readonly className?: string;
  span: string;
  origin: FunctionIR['origin'];
  readonly node: Node;
  readonly body: Node | null;
}

/** A parsed file with its declarations and whatever the language keeps per file. */
export interface ParsedFile {
  readonly source: SourceFile;
  readonly root: Node;
  readonly declared: Declared[];
  /** Local name -> imported module / fully qualified name. */
  readonly imports: Map<string, string>;
}

/** Every function of the project by qualified and by simple name, and types by name. */
export interface ProjectIndex {
  readonly byName: Map<string, string[]>;
  readonly bySimple: Map<string, string[]>;
  /** Project types (classes, interfaces, structs) -> extra facts (e.g. "repository"). */
  readonly types: Map<
    string,
    { readonly file: string; readonly supers: readonly string[]; readonly fqn?: string }
  >;
}

/** One tree-sitter language. */
export interface LanguageSupport {
  readonly grammar: 'python' | 'java' | 'go';
  /** Finds functions, imports and types; may add routes (updating `span`/`origin`). */
  declare(source: SourceFile, root: Node, index: ProjectIndex): ParsedFile;
  /** Second pass, once every file is declared: routes registered by calls or URL confs, etc. */
  link?(files: readonly ParsedFile[], index: ProjectIndex, out: FunctionIR[], problems: FileProblem[]): void;
  /** The walker rules for one function of a file. */
  rules(file: ParsedFile, fn: Declared, index: ProjectIndex): LanguageRules;
}

/** Adds a value to a multimap. */
export function addTo(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** The only id under `key`, or undefined when there is none or several. */
export function only(map: Map<string, string[]>, key: string): string | undefined {
  const list = map.get(key);
  return list?.length === 1 ? list[0] : undefined;
}

/** Named children of a node with a given type. */
export function childrenOfType(node: Node | null, type: string): Node[] {
  if (node === null) return [];
  return node.namedChildren.filter((c): c is Node => c !== null && c.type === type);
}
