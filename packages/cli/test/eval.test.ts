import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { autoscope } from './run-cli.js';

const TESTDATA = resolve(import.meta.dirname, '../../../testdata/eval');
const TRAINTICKET = resolve(import.meta.dirname, '../../../../shared/datasets/nezha-trainticket');

describe('autoscope eval', () => {
  it('prints the table and writes the JSON and HTML reports', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoscope-eval-cli-'));
    const json = join(dir, 'r.json');
    const html = join(dir, 'out/r.html');
    const dataset = join(TESTDATA, 'research-csv');
    const { code, stdout, stderr } = await autoscope([
      'eval',
      '--dataset',
      dataset,
      '--samplers',
      'autoscope,head,partial-granularity',
      '--json',
      json,
      '--html',
      html,
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/6 traces, 24 spans, 2 faults \(pod-window\)/);
    expect(stdout).toMatch(/^autoscope\s+engine 10\.0%/m);
    expect(stdout).toMatch(/^partial-granularity\s+none/m);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report).toMatchObject({ version: 1, dataset, traces: 6, spans: 24, faults: 2, keepRatio: 0.1 });
    expect(report.command).toMatch(/^autoscope eval --dataset /);
    expect(report.results.map((r: { sampler: string }) => r.sampler)).toEqual([
      'autoscope',
      'head',
      'partial-granularity',
    ]);
    expect((await readFile(html, 'utf8')).toLowerCase()).toMatch(/^<!doctype html>/);
  });

  it('prints nothing with --quiet, and reads the project format with a sweep', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoscope-eval-cli-'));
    const json = join(dir, 'r.json');
    const args = [
      'eval',
      '--dataset',
      join(TESTDATA, 'otlp-faults'),
      '--samplers',
      'head',
      '--sweep-budgets',
      '0.2,0.5',
    ];
    const { code, stdout } = await autoscope([...args, '--quiet', '--json', json]);
    expect(code).toBe(0);
    expect(stdout).toBe('');
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.faultyDefinition).toBe('ids');
    expect(report.sweep.map((p: { keepRatio: number }) => p.keepRatio)).toEqual([0.2, 0.5]);
  });

  it('exits 3 naming the dataset when it is not one, 2 on a bad command line', async () => {
    const missing = await autoscope(['eval', '--dataset', '/no/such/dataset']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/\/no\/such\/dataset.*AUTOSCOPE_EVAL_INPUT/);
    const empty = await mkdtemp(join(tmpdir(), 'autoscope-eval-cli-'));
    const notDataset = await autoscope(['eval', '--dataset', empty]);
    expect(notDataset.code).toBe(3);
    expect(notDataset.stderr).toMatch(/not an evaluation dataset/);
    for (const args of [
      ['eval'],
      ['eval', '--dataset', TESTDATA, '--bogus'],
      ['eval', '--dataset', TESTDATA, '--faulty', 'everything'],
      ['eval', '--dataset', TESTDATA, '--sampled', 'no-equals-sign'],
      ['eval', '--dataset', join(TESTDATA, 'research-csv'), '--samplers', 'nope'],
      ['eval', '--dataset', TESTDATA, '--keep-ratio', '1.5'],
      ['eval', '--dataset', TESTDATA, '--sweep-budgets', '0.1,x'],
    ]) {
      const result = await autoscope(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^autoscope eval: /);
    }
  });

  it('lists its flags in --help', async () => {
    const { code, stdout } = await autoscope(['eval', '--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--dataset',
      '--samplers',
      '--keep-ratio',
      '--sweep',
      '--faulty',
      '--config',
      '--sampled',
      '--json',
      '--html',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it.skipIf(!existsSync(TRAINTICKET))(
    'runs on TrainTicket day 2 (skipped when ../shared/datasets/nezha-trainticket is absent)',
    async () => {
      const { code, stdout } = await autoscope([
        'eval',
        '--dataset',
        TRAINTICKET,
        '--day',
        '2023-01-30',
        '--samplers',
        'autoscope,head',
      ]);
      expect(code).toBe(0);
      expect(stdout).toMatch(/17 faults \(pod-window\)/);
    },
  );
});
