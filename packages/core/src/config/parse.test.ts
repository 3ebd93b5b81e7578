import { describe, expect, it } from 'vitest';
import { InvalidConfigError } from '../errors.js';
import type { AutoscopeConfig } from './config-schema.js';
import { parseConfig, parseConfigText, validateConfig } from './parse.js';

const seed = {
  version: '1.0',
  threshold: 0.3,
  spans: {
    handle_user_request: { sample: true, reason: 'error_handling, external_calls', priority: 0.8 },
    process_premium_user: { sample: true, reason: 'external_calls, high_complexity', priority: 0.6 },
    process_normal_user: { sample: false, priority: 0.1 },
  },
};

function problemsOf(json: unknown): string[] {
  const r = validateConfig(json);
  return r.ok ? [] : r.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('parseConfig', () => {
  it('loads the seed document shape unchanged', () => {
    const config: AutoscopeConfig = parseConfig(seed, 'seed.json');
    expect(config.spans).toEqual(seed.spans);
    expect(config.threshold).toBe(0.3);
    expect(config.overrides).toBeUndefined();
  });

  it('fills defaults for threshold and spans', () => {
    const config = parseConfig({ version: '1.2' }, 'x.json');
    expect(config.threshold).toBe(0.3);
    expect(config.spans).toEqual({});
    expect(parseConfig({ version: '1', structure: {} }, 'x').structure).toEqual({
      edges: [],
      dominantSets: [],
    });
  });

  it('reports every problem with its JSON path', () => {
    const problems = problemsOf({
      version: '2.0',
      threshold: 1.5,
      treshold: 0.2,
      spans: { 'pay*': { priority: 'high' }, ok: { priority: 0.5, sample: 'yes' } },
      overrides: [{ match: '', priority: 'critical' }, { priority: 2 }],
      sampling: { keepRatio: 0, window: 2.5 },
      analyzer: { version: '1', sourceHash: 'md5:abc', languages: [], files: -1 },
    });
    expect(problems).toEqual([
      'version: expected a version "1.x", got "2.0"',
      'threshold: expected a number in [0, 1], got number 1.5',
      'spans["pay*"].priority: expected a number in [0, 1] or "critical"|"normal", got "high"',
      'spans.ok.sample: expected a boolean, got "yes"',
      'overrides[0].match: expected a non-empty string, got ""',
      'overrides[1].match: missing; expected a non-empty string',
      'overrides[1].priority: expected a number in [0, 1] or "critical"|"normal", got number 2',
      'sampling.keepRatio: expected a number in (0, 1], got number 0',
      'sampling.window: expected an integer >= 1, got number 2.5',
      'analyzer.sourceHash: expected a digest "sha256:<64 hex digits>", got "md5:abc"',
      'analyzer.files: expected an integer >= 0, got number -1',
      'treshold: unknown key; expected one of $schema, version, threshold, spans, overrides, structure, sampling, analyzer',
    ]);
  });

  it('rejects hostile values without throwing anything but InvalidConfigError', () => {
    for (const bad of [null, 42, 'x', [], { version: NaN }, { version: '1', threshold: Infinity }]) {
      expect(() => parseConfig(bad, 'bad.json')).toThrow(InvalidConfigError);
    }
    const proto = JSON.parse('{"version":"1","spans":{"__proto__":{"priority":1}}}');
    const config = parseConfig(proto, 'p.json');
    expect(Object.keys(config.spans)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(config.spans)).toBe(Object.prototype);
  });

  it('names the file and every problem in the error', () => {
    try {
      parseConfig({ version: '1', threshold: -1, spans: [] }, 'conf/autoscope.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidConfigError);
      const e = error as InvalidConfigError;
      expect(e.code).toBe('AUTOSCOPE_INVALID_CONFIG');
      expect(e.problems.map((p) => p.path)).toEqual(['threshold', 'spans']);
      expect(e.message).toContain('conf/autoscope.json');
    }
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(() => parseConfigText('{\n  "version": "1",\n  oops\n}', 'a.json')).toThrow(/line 3, column 3/);
  });

  it('accepts a full structure section', () => {
    const config = parseConfig(
      {
        version: '1.0',
        overrides: [{ match: 'payment_*', service: 'pay*', priority: 'critical' }],
        structure: {
          edges: [{ from: 'GET /a', to: 'pg.query', kind: 'mandatory', origin: 'static', observed: false }],
          dominantSets: [{ id: 'd1', dominator: 'GET /a', members: ['pg.query'], branch: true }],
          functions: [
            {
              id: 'a.ts#f',
              blocks: [{ id: 0, kind: 'mandatory', calls: [{ callee: 'g', external: 'db' }], next: [] }],
            },
          ],
        },
        sampling: { keepRatio: 1, budgetUnit: 'spans', structure: 'skeleton', annotate: true },
      },
      'full.json',
    );
    expect(config.structure?.edges[0]?.observed).toBe(false);
    expect(config.structure?.functions?.[0]?.blocks[0]?.calls[0]?.external).toBe('db');
  });

  it('accepts lookbackSeconds and reorderSeconds and names them when out of range', () => {
    const ok = parseConfig(
      { version: '1.0', sampling: { lookbackSeconds: 0, reorderSeconds: 120.5 } },
      'ok.json',
    );
    expect(ok.sampling).toEqual({ lookbackSeconds: 0, reorderSeconds: 120.5 });
    expect(() =>
      parseConfig({ version: '1.0', sampling: { lookbackSeconds: -1, reorderSeconds: 7200 } }, 'bad.json'),
    ).toThrow(/sampling\.lookbackSeconds[\s\S]*sampling\.reorderSeconds/);
  });
});
