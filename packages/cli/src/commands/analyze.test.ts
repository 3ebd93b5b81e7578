/**
 * `autoscope analyze` and `learn` on the config file itself: every schema problem listed and the bad
 * file left alone, files in the seed document's `span_sampling_config.json` shape accepted, and the
 * Django fixture end to end.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseConfigText } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { autoscope } from '../../test/run-cli.js';

const FIXTURES = resolve(import.meta.dirname, '../../../../testdata/analyzer');
const HOTROD = resolve(import.meta.dirname, '../../../../testdata/formats/jaeger-hotrod.json');
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
  return mkdtemp(join(tmpdir(), 'autoscope-analyze-cmd-'));
}

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
