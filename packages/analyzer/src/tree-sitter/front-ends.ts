/** The tree-sitter front end for Python, Java and Go: parse, declare, index, then walk every function. */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { FileProblem, FrontEnd, FrontEndResult, FunctionIR, Language, SourceFile } from '../model.js';
import { goSupport } from './go.js';
import { javaSupport } from './java.js';
import { parserFor } from './parser.js';
import { pythonSupport } from './python.js';
import type { LanguageSupport, ParsedFile, ProjectIndex } from './support.js';
import { addTo } from './support.js';
import { walkTreeFunction } from './tree-walk.js';

const SUPPORT: Record<'python' | 'java' | 'go', LanguageSupport> = {
  python: pythonSupport,
  java: javaSupport,
  go: goSupport,
};

/** Creates the Python/Java/Go front end (loads grammars on first use). */
export async function treeSitterFrontEnd(): Promise<FrontEnd> {
  return { languages: ['python', 'java', 'go'], analyze };
}

async function analyze(files: readonly SourceFile[]): Promise<FrontEndResult> {
  const functions: FunctionIR[] = [];
  const problems: FileProblem[] = [];
  for (const lang of ['python', 'java', 'go'] as const) {
    const mine = files.filter((f) => f.language === (lang as Language));
    if (mine.length > 0) await analyzeLanguage(SUPPORT[lang], mine, functions, problems);
  }
  return { functions, problems };
}

async function analyzeLanguage(
  support: LanguageSupport,
  files: readonly SourceFile[],
  functions: FunctionIR[],
  problems: FileProblem[],
): Promise<void> {
  const parser = await parserFor(support.grammar);
  const index: ProjectIndex = { byName: new Map(), bySimple: new Map(), types: new Map() };
  const parsed: ParsedFile[] = [];
  // Trees live in WebAssembly memory, which the garbage collector does not free: delete them at the end.
  const trees: { delete(): void }[] = [];
  for (const source of files) {
    const tree = parser.parse(source.text);
    if (tree === null) continue;
    trees.push(tree);
    const root = tree.rootNode;
    if (root.hasError) {
      const at = firstError(root);
      problems.push({ file: source.path, code: 'syntax', message: `syntax error at line ${at}`, line: at });
      continue;
    }
    parsed.push(support.declare(source, root, index));
  }
  for (const file of parsed)
    for (const d of file.declared) {
      addTo(index.byName, d.name, d.id);
      addTo(index.bySimple, d.simple, d.id);
    }
  support.link?.(parsed, index, functions, problems);
  for (const file of parsed) {
    for (const fn of file.declared) {
      const rules = support.rules(file, fn, index);
      const target = {
        path: file.source.path,
        id: fn.id,
        span: fn.span,
        origin: fn.origin,
        node: fn.node,
        body: fn.body,
      };
      functions.push(walkTreeFunction(rules, target, functions));
    }
  }
  for (const tree of trees) tree.delete();
  parser.delete();
}

function firstError(node: Node): number {
  const stack: Node[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.isError || n.isMissing) return n.startPosition.row + 1;
    for (let i = n.childCount - 1; i >= 0; i--) {
      const c = n.child(i);
      if (c !== null && (c.hasError || c.isError || c.isMissing)) stack.push(c);
    }
  }
  return node.startPosition.row + 1;
}
