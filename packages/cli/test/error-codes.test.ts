import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCES = ['packages', 'eval/src', 'demo/src'];
const CODE = /'((?:AUTOSCOPE|DEMO)_[A-Z_]+)'/g;

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'test') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) yield path;
  }
}

describe('docs/errors.md', () => {
  it('documents every error code the code base throws', () => {
    const thrown = new Map<string, string>();
    for (const root of SOURCES)
      for (const file of sourceFiles(join(ROOT, root)))
        for (const match of readFileSync(file, 'utf8').matchAll(CODE)) thrown.set(match[1]!, file);
    expect(thrown.size).toBeGreaterThan(10);
    const doc = readFileSync(join(ROOT, 'docs/errors.md'), 'utf8');
    const missing = [...thrown]
      .filter(([code]) => !doc.includes(`\`${code}\``))
      .map(([c, f]) => `${c} (${f})`);
    expect(missing).toEqual([]);
  });
});
