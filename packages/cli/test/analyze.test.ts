/**
 * `autoscope analyze` and `learn` from the command line: a valid config for every fixture language, the seed
 * example, user overrides kept on re-analysis, configs used by sample and eval, every schema problem of a bad
 * existing file listed (the file left alone), and files in the seed document's span_sampling_config.json shape.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConfigText } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { autoscope } from './run-cli.js';

const FIXTURES = resolve(import.meta.dirname, '../../../testdata/analyzer');
const HOTROD = resolve(import.meta.dirname, '../../../testdata/formats/jaeger-hotrod.json');
// The seed document's span_sampling_config.json, as written there.
const SEED = {
  version: '1.0',
  threshold: 0.4,
  spans: {
    handle_user_request: { sample: true, priority: 0.9, reason: 'error_handling, external_calls' },
    process_normal_user: { sample: false, priority: 0.1, reason: 'low_priority' },
  },
};

async function scratch(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'autoscope-analyze-'));
}

async function readConfig(path: string) {
  return parseConfigText(await readFile(path, 'utf8'), path);
}

describe('autoscope analyze', () => {
  it.each(['python-seed', 'python-django', 'ts-service', 'java-spring', 'go-http'])(
    'writes a valid config for %s',
    async (name) => {
      const out = join(await scratch(), 'autoscope.json');
      const result = await autoscope(['analyze', join(FIXTURES, name), '--out', out, '--json']);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(summary.files).toBeGreaterThan(0);
      expect(summary.problems).toEqual([]);
      const config = await readConfig(out);
      expect(Object.keys(config.spans)).toHaveLength(summary.spans);
      expect(config.structure?.edges.length).toBe(summary.edges);
      expect(config.analyzer?.sourceHash).toMatch(/^sha256:/);
    },
  );

  it('samples the seed example as the seed document says and keeps user overrides on re-analysis', async () => {
    const out = join(await scratch(), 'autoscope.json');
    expect((await autoscope(['analyze', join(FIXTURES, 'python-seed'), '--out', out])).code).toBe(0);
    const first = await readConfig(out);
    expect(first.spans.handle_user_request?.sample).toBe(true);
    expect(first.spans.process_normal_user?.sample).toBe(false);

    const overrides = [{ match: 'process_*', priority: 'critical', note: 'payment path' }];
    await writeFile(out, JSON.stringify({ ...first, overrides }));
    const again = await autoscope(['analyze', join(FIXTURES, 'python-seed'), '--out', out]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('updated');
    expect((await readConfig(out)).overrides).toEqual(overrides);
  });

  it('takes rule weights from --weight and rejects unknown rules', async () => {
    const dir = await scratch();
    const out = join(dir, 'a.json');
    const zero = ['--weight', 'errorHandling=0', '--weight', 'externalCalls=0'];
    expect((await autoscope(['analyze', join(FIXTURES, 'python-seed'), '--out', out, ...zero])).code).toBe(0);
    expect((await readConfig(out)).spans.handle_user_request?.sample).toBe(false);
    const bad = await autoscope([
      'analyze',
      join(FIXTURES, 'python-seed'),
      '--out',
      out,
      '--weight',
      'loops=1',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('loops=1');
  });

  it('refuses a missing path, no path, and an invalid existing config, naming the problem', async () => {
    const dir = await scratch();
    const missing = await autoscope(['analyze', join(dir, 'nope'), '--out', join(dir, 'a.json')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('nope');
    expect((await autoscope(['analyze', '--out', join(dir, 'a.json')])).code).toBe(2);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"version": "1.0", "threshold": 7}');
    const invalid = await autoscope(['analyze', join(FIXTURES, 'go-http'), '--out', broken]);
    expect(invalid.code).toBe(3);
    expect(invalid.stderr).toContain('threshold');
  });

  it('reports unparsable files as problems and analyses the rest', async () => {
    const dir = await scratch();
    await writeFile(
      join(dir, 'good.py'),
      'import requests\n\ndef fetch():\n    return requests.get("http://x")\n',
    );
    await writeFile(join(dir, 'bad.go'), 'package main\nfunc (( {\n');
    await writeFile(join(dir, 'blob.ts'), Buffer.from([0, 1, 2, 3, 0, 255, 0, 7]));
    const result = await autoscope(['analyze', dir, '--out', join(dir, 'out.json'), '--json']);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.functions).toBeGreaterThan(0);
    const files = summary.problems.map((p: { file: string }) => p.file).join(' ');
    expect(files).toContain('blob.ts');
  });
});

describe('autoscope learn', () => {
  it('adds edges seen in traces and marks static edges never seen', async () => {
    const dir = await scratch();
    const config = join(dir, 'autoscope.json');
    expect((await autoscope(['analyze', join(FIXTURES, 'ts-service'), '--out', config])).code).toBe(0);
    const staticEdges = (await readConfig(config)).structure?.edges.length ?? 0;
    const out = join(dir, 'learned.json');
    const result = await autoscope(['learn', '--config', config, '--traces', HOTROD, '--out', out, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const drift = JSON.parse(result.stdout);
    expect(drift.traces).toBe(2);
    expect(drift.added.length).toBeGreaterThan(0);
    expect(drift.unobserved.length).toBe(staticEdges); // the HotROD traces share no edge with this service
    const learned = await readConfig(out);
    const fromTraces = learned.structure?.edges.filter((e) => e.origin === 'traces') ?? [];
    expect(fromTraces.map((e) => `${e.from} -> ${e.to}`)).toEqual(
      drift.added.map((e: { from: string; to: string }) => `${e.from} -> ${e.to}`),
    );
    expect(learned.structure?.edges.filter((e) => e.observed === false)).toHaveLength(staticEdges);
  });

  it('uses the analysed config in sample --config', async () => {
    const dir = await scratch();
    const config = join(dir, 'autoscope.json');
    expect((await autoscope(['analyze', join(FIXTURES, 'ts-service'), '--out', config])).code).toBe(0);
    const result = await autoscope([
      'sample',
      '--in',
      HOTROD,
      '--out',
      join(dir, 'o.jsonl'),
      '--config',
      config,
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).traces).toBe(2);
  });

  it('names a missing config file', async () => {
    const dir = await scratch();
    const result = await autoscope(['learn', '--config', join(dir, 'none.json'), '--traces', HOTROD]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('none.json');
  });
});

describe('autoscope analyze: the existing config file', () => {
  it('lists every schema problem of an invalid --out file and leaves it unchanged', async () => {
    const out = join(await scratch(), 'bad.json');
    const text = JSON.stringify({
      version: '1.0',
      threshold: 7,
      spans: { a: { priority: 'high' } },
      extra: 1,
    });
    await writeFile(out, text);
    const result = await autoscope(['analyze', join(FIXTURES, 'python-seed'), '--out', out]);
    expect(result.code).toBe(3);
    for (const field of ['threshold', 'spans.a.priority', 'extra']) expect(result.stderr).toContain(field);
    expect(await readFile(out, 'utf8')).toBe(text);
  });

  it('accepts a seed-shaped span_sampling_config.json: threshold kept, spans recomputed', async () => {
    const dir = await scratch();
    const out = join(dir, 'span_sampling_config.json');
    await writeFile(out, JSON.stringify(SEED));
    const result = await autoscope(['analyze', join(FIXTURES, 'python-seed'), '--out', out]);
    expect(result.code).toBe(0);
    const config = parseConfigText(await readFile(out, 'utf8'), out);
    expect(config.threshold).toBe(0.4);
    expect(config.spans.handle_user_request?.sample).toBe(true);
    expect(config.spans.process_normal_user?.reason).toBeUndefined();
  });

  it('learn and sample read a seed-shaped file', async () => {
    const dir = await scratch();
    const seed = join(dir, 'span_sampling_config.json');
    await writeFile(seed, JSON.stringify(SEED));
    const learned = join(dir, 'learned.json');
    const learn = await autoscope([
      'learn',
      '--config',
      seed,
      '--traces',
      HOTROD,
      '--out',
      learned,
      '--json',
    ]);
    expect(learn.code).toBe(0);
    expect(JSON.parse(learn.stdout).added.length).toBeGreaterThan(0);
    const sample = await autoscope([
      'sample',
      '--in',
      HOTROD,
      '--out',
      join(dir, 'o.jsonl'),
      '--config',
      seed,
    ]);
    expect(sample.code).toBe(0);
  });
});

describe('autoscope analyze: Django', () => {
  it('writes the URL conf routes of the python-django fixture', async () => {
    const out = join(await scratch(), 'autoscope.json');
    const result = await autoscope(['analyze', join(FIXTURES, 'python-django'), '--out', out, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).problems).toEqual([]);
    const config = parseConfigText(await readFile(out, 'utf8'), out);
    expect(config.spans['GET api/users/<int:user_id>/']?.sample).toBe(true);
    expect(config.spans['GET ^legacy/items/(?P<pk>\\d+)/$']).toBeDefined();
  });
});
