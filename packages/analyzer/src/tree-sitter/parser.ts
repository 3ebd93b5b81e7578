/** Loads web-tree-sitter and the grammars shipped by @vscode/tree-sitter-wasm (runtime and ABI match). */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Language as Grammar, Parser as ParserType } from '@vscode/tree-sitter-wasm';

const require = createRequire(import.meta.url);
type Runtime = typeof import('@vscode/tree-sitter-wasm');
let runtime: Promise<Runtime> | undefined;
const grammars = new Map<string, Promise<Grammar>>();

async function load(): Promise<Runtime> {
  const rt = require('@vscode/tree-sitter-wasm') as Runtime;
  await rt.Parser.init();
  return rt;
}

/** A parser for one grammar (`python`, `java`, `go`), created once per call. */
export async function parserFor(grammar: 'python' | 'java' | 'go'): Promise<ParserType> {
  runtime ??= load();
  const rt = await runtime;
  let lang = grammars.get(grammar);
  if (lang === undefined) {
    const dir = dirname(require.resolve('@vscode/tree-sitter-wasm'));
    lang = rt.Language.load(join(dir, `tree-sitter-${grammar}.wasm`));
    grammars.set(grammar, lang);
  }
  const parser = new rt.Parser();
  parser.setLanguage(await lang);
  return parser;
}
