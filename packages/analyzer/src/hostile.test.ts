import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';

const dir = mkdtempSync(join(tmpdir(), 'autoscope-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function put(name: string, text: string | Buffer): void {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), text);
}

describe('hostile input', () => {
  it('reports bad files one by one and analyses the rest', async () => {
    put(
      'good.ts',
      'export function ok(): number { return helper(); }\nfunction helper(): number { return 1; }\n',
    );
    put('good.py', 'def fine():\n    return 1\n');
    put('broken.ts', 'export function (: {{{\n');
    put('broken.py', 'def broken(:\n  pass\n');
    put('Broken.java', 'class A { void f( { }');
    put('broken.go', 'package main\nfunc f( {\n');
    put('binary.js', Buffer.from([0x63, 0x00, 0xff, 0x00, 0x01]));
    put('huge.py', `x = 1\n${'#'.repeat(3000)}\n`);
    put('loop/inner/keep.go', 'package main\nfunc g() {}\n');
    symlinkSync(join(dir, 'loop'), join(dir, 'loop', 'inner', 'back'));
    symlinkSync(join(dir, 'self-link.ts'), join(dir, 'self-link.ts'));
    put('secret.ts', 'export const x = 1;\n');
    chmodSync(join(dir, 'secret.ts'), 0o000);
    const { config, problems, stats } = await analyze({ paths: [dir], maxFileBytes: 2000 });
    const byFile = Object.fromEntries(problems.map((p) => [p.file, p.code]));
    expect(byFile).toMatchObject({
      'broken.ts': 'syntax',
      'broken.py': 'syntax',
      'Broken.java': 'syntax',
      'broken.go': 'syntax',
      'binary.js': 'binary',
      'huge.py': 'too-large',
      'loop/inner/back': 'symlink-loop',
      'self-link.ts': 'symlink-loop',
    });
    // Root can read anything; elsewhere the unreadable file must be reported.
    if (process.getuid?.() !== 0) expect(byFile['secret.ts']).toBe('unreadable');
    expect(config.spans.ok).toBeDefined();
    expect(config.spans.fine).toBeDefined();
    expect(config.spans.g).toBeDefined();
    expect(config.structure?.edges).toContainEqual(
      expect.objectContaining({ from: 'ok', to: 'helper', kind: 'mandatory' }),
    );
    expect(stats.files).toBeGreaterThanOrEqual(4);
  });

  it('analyses a directory reached through two links once, without calling it a loop', async () => {
    put('shared-root/lib/util.py', 'def util():\n    return 1\n');
    mkdirSync(join(dir, 'shared-root/a'));
    mkdirSync(join(dir, 'shared-root/b'));
    symlinkSync(join(dir, 'shared-root/lib'), join(dir, 'shared-root/a/lib'));
    symlinkSync(join(dir, 'shared-root/lib'), join(dir, 'shared-root/b/lib'));
    const { problems, stats } = await analyze({ paths: [join(dir, 'shared-root')] });
    expect(problems).toEqual([]);
    expect(stats.files).toBe(1);
  });

  it('handles a missing path and an empty directory', async () => {
    mkdirSync(join(dir, 'empty'));
    const { config, problems } = await analyze({ paths: [join(dir, 'empty'), join(dir, 'nope')] });
    expect(problems.map((p) => p.code)).toEqual(['unreadable']);
    expect(config.spans).toEqual({});
  });
});
