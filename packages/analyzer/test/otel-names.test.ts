/**
 * Span names as OpenTelemetry JS services really build them: template literals resolved to the values
 * their parts take (call-site literals, union types, constants; a glob for the rest), literal spans
 * inside route callbacks, hand-written route tables named by `span.updateName(...)`, and span-level
 * edges through plain functions. The `ts-otel-router` fixture, plus hostile cases.
 */
import { fileURLToPath } from 'node:url';
import type { AutoscopeConfig } from '@autoscope/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../src/analyze.js';
import { analyzeProject, edgesOf } from './project.js';

const fixture = fileURLToPath(new URL('../../../testdata/analyzer/ts-otel-router', import.meta.url));

describe('OpenTelemetry span names (ts-otel-router fixture)', () => {
  let config: AutoscopeConfig;
  let edges: string[];
  beforeAll(async () => {
    ({ config } = await analyze({ paths: [fixture] }));
    edges = edgesOf(config);
  });

  it('names a template span after the literals passed at every call site (fields and parameters)', () => {
    for (const name of ['find items', 'find carts', 'save items', 'save carts'])
      expect(config.spans[name], name).toBeDefined();
  });

  it('takes union types and constants, and keeps unknown parts as a glob with the literal parts', () => {
    expect(Object.keys(config.spans)).toEqual(
      expect.arrayContaining(['audit login', 'audit logout', 'reindex job', 'GET kv:*']),
    );
  });

  it('emits no name without a known letter or digit (a template of unknowns only)', () => {
    expect(Object.keys(config.spans).filter((n) => !/[a-z0-9]/i.test(n.replaceAll('*', '')))).toEqual([]);
  });

  it('names route-table handlers after the route, as updateName does, and finds spans inside them', () => {
    expect(config.spans['GET /items/:id']).toBeDefined();
    expect(config.spans['POST /carts']).toBeDefined();
    expect(edges).toContain('POST /carts -> price check (mandatory)');
  });

  it('adds span-level edges through plain functions, with the weakest kind on the way', () => {
    expect(edges).toContain('GET /items/:id -> GET kv:* (mandatory)');
    expect(edges).toContain('GET /items/:id -> find items (conditional)');
    expect(edges).toContain('POST /carts -> audit login (mandatory)');
    // The plain functions' own edges stay (method-level instrumentation names them).
    expect(edges).toContain('Collection.find -> Collection.exec (mandatory)');
  });
});

describe('span names on hostile input', () => {
  it('terminates on parameters passed around in a cycle, leaving the part unknown', async () => {
    const { config, problems } = await analyzeProject({
      'a.ts': `
declare const tracer: { startSpan(name: string): { end(): void } };
export function ping(n: string): void { tracer.startSpan(\`ping \${n}\`).end(); pong(n); }
export function pong(m: string): void { ping(m); }
`,
    });
    expect(problems).toEqual([]);
    expect(config.spans['ping *']).toBeDefined();
  });

  it('falls back to a glob when the combinations explode, and keeps empty names out', async () => {
    const values = Array.from({ length: 20 }, (_, i) => `'v${i}'`).join(' | ');
    const { config } = await analyzeProject({
      'b.ts': `
declare const tracer: { startSpan(name: string): { end(): void } };
export function many(a: ${values}, b: ${values}, c: ${values}): void {
  tracer.startSpan(\`\${a}.\${b}.\${c} op\`).end();
  tracer.startSpan('').end();
}
`,
    });
    const names = Object.keys(config.spans).filter((n) => n.endsWith(' op'));
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThanOrEqual(64 * 2);
    expect(names.some((n) => n.includes('*'))).toBe(true);
    expect(config.spans['']).toBeUndefined();
  });

  it('does not take a route table from objects that lack a handler', async () => {
    const { config } = await analyzeProject({
      'c.ts': `
declare const span: { updateName(n: string): void };
declare const r: { method: string; path: string };
span.updateName(\`\${r.method} \${r.path}\`);
export const notARoute = { method: 'GET', path: '/x' };
`,
    });
    expect(config.spans['GET /x']).toBeUndefined();
  });
});
