import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '@autoscope/core';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';

const testdata = fileURLToPath(new URL('../../../testdata/analyzer/', import.meta.url));
const FIXTURES = ['python-seed', 'python-django', 'ts-service', 'ts-otel-router', 'java-spring', 'go-http'];

describe.each(FIXTURES)('golden: %s (UPDATE_GOLDEN=1 rewrites)', (name) => {
  it('matches the committed config and loads through parseConfig', async () => {
    const { config, problems } = await analyze({ paths: [`${testdata}${name}`] });
    expect(problems).toEqual([]);
    const file = `${testdata}${name}.golden.json`;
    const text = `${JSON.stringify(config, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(config);
    expect(parseConfig(JSON.parse(text), file)).toEqual(config);
  });
});

describe('the seed example', () => {
  it('samples handle_user_request for error handling and external calls, not process_normal_user', async () => {
    const { config } = await analyze({ paths: [`${testdata}python-seed`] });
    expect(config.spans.handle_user_request).toMatchObject({
      sample: true,
      reason: 'error_handling, external_calls',
    });
    expect(config.spans.process_normal_user).toMatchObject({ sample: false });
    expect(config.spans.process_normal_user!.priority).toBeLessThan(config.threshold);
    const edges = config.structure?.edges
      .filter((e) => e.from === 'handle_user_request')
      .map((e) => [e.to, e.kind]);
    expect(edges).toContainEqual(['psycopg.query_user', 'mandatory']);
    expect(edges).toContainEqual(['process_normal_user', 'conditional']);
  });

  it('keeps user overrides and learned edges of the previous config', async () => {
    const previous = parseConfig(
      {
        version: '1.0',
        threshold: 0.5,
        overrides: [{ match: 'process_*', priority: 'critical' }],
        structure: { edges: [{ from: 'a', to: 'b', kind: 'conditional', origin: 'traces' }] },
      },
      'prev.json',
    );
    const { config } = await analyze({ paths: [`${testdata}python-seed`], previous, service: 'users' });
    expect(config.overrides).toEqual(previous.overrides);
    expect(config.threshold).toBe(0.5);
    expect(config.spans.process_premium_user).toMatchObject({ sample: false, service: 'users' });
    expect(config.structure?.edges).toContainEqual({
      from: 'a',
      to: 'b',
      kind: 'conditional',
      origin: 'traces',
    });
  });
});
