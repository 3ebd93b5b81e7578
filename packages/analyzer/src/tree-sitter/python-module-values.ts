/**
 * Module-level values of Python names (`name = …`, `name += …`, `name.extend(…)`, `name.append(…)`),
 * each file scanned once: URL-conf walks ask for the same names again and again.
 */
import type { Node } from '@vscode/tree-sitter-wasm';
import type { ParsedFile } from './support.js';

/** The right-hand sides assigned to module-level names, per file, scanned on first use. */
export class ModuleValues {
  private readonly byFile = new Map<ParsedFile, Map<string, Node[]>>();

  /** The values assigned to `name` at the top level of `file`, in source order. */
  of(file: ParsedFile, name: string): readonly Node[] {
    let names = this.byFile.get(file);
    if (names === undefined) {
      names = scan(file);
      this.byFile.set(file, names);
    }
    return names.get(name) ?? [];
  }
}

function scan(file: ParsedFile): Map<string, Node[]> {
  const out = new Map<string, Node[]>();
  const add = (name: string, value: Node | null | undefined): void => {
    if (value === null || value === undefined) return;
    const list = out.get(name);
    if (list === undefined) out.set(name, [value]);
    else list.push(value);
  };
  for (const st of file.root.namedChildren) {
    const e = st?.type === 'expression_statement' ? st.namedChildren[0] : null;
    if (e?.type === 'assignment' || e?.type === 'augmented_assignment') {
      const left = e.childForFieldName('left');
      if (left !== null) add(left.text, e.childForFieldName('right'));
    }
    const callee = e?.type === 'call' ? e.childForFieldName('function') : null;
    const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    if (callee && (method === 'extend' || method === 'append'))
      add(callee.text.slice(0, -method.length - 1), e?.childForFieldName('arguments')?.namedChildren[0]);
  }
  return out;
}
