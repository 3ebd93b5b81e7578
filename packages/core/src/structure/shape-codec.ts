import { base36 } from './base36.js';
import type { ShapeDefinition } from './shape-dictionary.js';
import { hashString, labelOf, splitLabel } from './shape-hash.js';

/** The labels a stream has defined, by label hash (the writer's and the reader's view). */
export interface LabelRefs {
  has(labelHash: number): boolean;
  add(labelHash: number): void;
}

/**
 * Serialises definitions for the `autoscope.shapes` attribute in the compact form: a label row
 * `[labelHash36, service, name]` the first time the stream needs a label, then one row per definition,
 * `[hash36, labelHash36, children | null]`, where each child is `childHash36` (once) or
 * `[childHash36, count]`. Labels already in `labels` are referenced, not repeated; new ones are added.
 */
export function encodeShapeRows(definitions: readonly ShapeDefinition[], labels: LabelRefs): string {
  const rows: unknown[] = [];
  for (const d of definitions) {
    const labelHash = hashString(d.label);
    const ref = base36(labelHash);
    if (!labels.has(labelHash)) {
      const { service, name } = splitLabel(d.label);
      rows.push([ref, service, name]);
      labels.add(labelHash);
    }
    rows.push([base36(d.hash), ref, d.children === null ? null : compactChildren(d.children)]);
  }
  return JSON.stringify(rows);
}

function compactChildren(children: readonly number[]): (string | [string, number])[] {
  const counts = new Map<number, number>();
  for (const child of children) counts.set(child, (counts.get(child) ?? 0) + 1);
  return [...counts].map(([hash, n]) => (n === 1 ? base36(hash) : [base36(hash), n]));
}

/**
 * Parses an `autoscope.shapes` value in the compact form or the full form
 * (`[hash36, service, name, children | null]` rows); learns label rows into `labels`. Undefined when it
 * is not a valid encoding or references a label not defined before.
 */
export function decodeShapeRows(text: string, labels: Map<number, string>): ShapeDefinition[] | undefined {
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(rows)) return undefined;
  const out: ShapeDefinition[] = [];
  for (const row of rows) {
    if (!Array.isArray(row)) return undefined;
    if (row.length === 3 && typeof row[2] === 'string') {
      if (!learnLabel(row, labels)) return undefined;
      continue;
    }
    const definition = row.length === 4 ? fullRow(row) : compactRow(row, labels);
    if (definition === undefined) return undefined;
    out.push(definition);
  }
  return out;
}

function learnLabel(row: unknown[], labels: Map<number, string>): boolean {
  const [ref, service, name] = row;
  if (typeof ref !== 'string' || typeof service !== 'string' || typeof name !== 'string') return false;
  const hash = parseHash(ref);
  if (hash === undefined) return false;
  labels.set(hash, labelOf(service, name));
  return true;
}

function fullRow(row: unknown[]): ShapeDefinition | undefined {
  const [hash36, service, name, spec] = row;
  if (typeof hash36 !== 'string' || typeof service !== 'string' || typeof name !== 'string') return undefined;
  return definitionOf(hash36, labelOf(service, name), spec);
}

function compactRow(row: unknown[], labels: Map<number, string>): ShapeDefinition | undefined {
  if (row.length !== 3 || typeof row[0] !== 'string' || typeof row[1] !== 'string') return undefined;
  const labelHash = parseHash(row[1]);
  const label = labelHash === undefined ? undefined : labels.get(labelHash);
  return label === undefined ? undefined : definitionOf(row[0], label, row[2]);
}

function definitionOf(hash36: string, label: string, spec: unknown): ShapeDefinition | undefined {
  const hash = parseHash(hash36);
  if (hash === undefined) return undefined;
  if (spec === null) return { hash, label, children: null };
  if (!Array.isArray(spec)) return undefined;
  const children: number[] = [];
  for (const entry of spec) {
    const [child36, count] = typeof entry === 'string' ? [entry, 1] : Array.isArray(entry) ? entry : [];
    const child = typeof child36 === 'string' ? parseHash(child36) : undefined;
    if (child === undefined || !Number.isSafeInteger(count) || count < 1 || count > 1_000_000)
      return undefined;
    for (let k = 0; k < count; k++) children.push(child);
  }
  return { hash, label, children };
}

function parseHash(text: string): number | undefined {
  if (!/^[0-9a-z]{1,11}$/.test(text)) return undefined;
  const hash = Number.parseInt(text, 36);
  return Number.isSafeInteger(hash) ? hash : undefined;
}
