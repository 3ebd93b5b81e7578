import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AutoscopeConfig, InvalidConfigError } from '@autoscope/core';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile, watchConfigFile } from './config-file.js';
import { ConfigFileError } from './config-file-error.js';

const dirs: string[] = [];
function tempFile(content?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'autoscope-config-'));
  dirs.push(dir);
  const path = join(dir, 'autoscope.json');
  if (content !== undefined) writeFileSync(path, content);
  return path;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const config = (threshold: number) => JSON.stringify({ version: '1.0', threshold, spans: {} });

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 3000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('loadConfigFile', () => {
  it('loads a seed-shaped file', async () => {
    const path = tempFile(
      JSON.stringify({ version: '1.0', threshold: 0.3, spans: { a: { sample: true, priority: 0.8 } } }),
    );
    const loaded = await loadConfigFile(path);
    expect(loaded.spans.a?.priority).toBe(0.8);
  });

  it('names the file and the line of a JSON syntax error', async () => {
    const path = tempFile('{\n  "version": "1.0",\n  oops\n}');
    const error = await loadConfigFile(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/line 3/);
  });

  it('names the file and the field of an invalid value', async () => {
    const path = tempFile(JSON.stringify({ version: '1.0', treshold: 2 }));
    const error = (await loadConfigFile(path).catch((e: unknown) => e)) as InvalidConfigError;
    expect(error.code).toBe('AUTOSCOPE_INVALID_CONFIG');
    expect(error.message).toContain(path);
    expect(error.problems.map((p) => p.path)).toContain('treshold');
  });

  it('reports a missing file as ConfigFileError naming it', async () => {
    const path = join(tempFile(), 'missing.json');
    const error = (await loadConfigFile(path).catch((e: unknown) => e)) as ConfigFileError;
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error.code).toBe('AUTOSCOPE_CONFIG_FILE');
    expect(error.message).toContain(path);
  });
});

describe('watchConfigFile', () => {
  it('reports new valid content, keeps quiet on an identical save, and reports a bad file without a change', async () => {
    const path = tempFile(config(0.3));
    const changes: AutoscopeConfig[] = [];
    const errors: Error[] = [];
    const watch = watchConfigFile(path, {
      onChange: (c) => changes.push(c),
      onError: (e) => errors.push(e),
      debounceMs: 20,
    });
    try {
      writeFileSync(path, config(0.3));
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(changes).toHaveLength(0);
      writeFileSync(path, '{"version": "1.0", "threshold": "high"}');
      await until(() => errors.length === 1, 'the bad file to be reported');
      expect(errors[0]).toBeInstanceOf(InvalidConfigError);
      expect(errors[0]!.message).toContain(path);
      expect(errors[0]!.message).toContain('threshold');
      expect(changes).toHaveLength(0);
      // An editor's atomic save: write elsewhere, rename over the file.
      const temp = `${path}.tmp`;
      writeFileSync(temp, config(0.5));
      renameSync(temp, path);
      await until(() => changes.length === 1, 'the fixed file to be applied');
      expect(changes[0]!.threshold).toBe(0.5);
    } finally {
      watch.close();
    }
  });

  it('debounces a burst of writes into one read', async () => {
    const path = tempFile(config(0.1));
    const changes: number[] = [];
    const watch = watchConfigFile(path, {
      onChange: (c) => changes.push(c.threshold),
      onError: () => {},
      debounceMs: 80,
    });
    try {
      for (const t of [0.2, 0.3, 0.4, 0.6]) writeFileSync(path, config(t));
      await until(() => changes.length >= 1, 'the burst to be applied');
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(changes).toEqual([0.6]);
    } finally {
      watch.close();
    }
  });

  it('reports a deleted file, and calls nothing after close', async () => {
    const path = tempFile(config(0.1));
    const errors: Error[] = [];
    let changes = 0;
    const watch = watchConfigFile(path, {
      onChange: () => changes++,
      onError: (e) => errors.push(e),
      debounceMs: 10,
    });
    rmSync(path);
    await until(() => errors.length >= 1, 'the deletion to be reported');
    expect(errors[0]).toBeInstanceOf(ConfigFileError);
    watch.close();
    writeFileSync(path, config(0.9));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(changes).toBe(0);
  });

  it('throws ConfigFileError when the directory does not exist', () => {
    const path = join(tempFile(), 'nope', 'autoscope.json');
    expect(() => watchConfigFile(path, { onChange: () => {}, onError: () => {} })).toThrow(ConfigFileError);
  });
});
