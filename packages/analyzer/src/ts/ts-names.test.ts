import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../analyze.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `levels` functions, each calling the one below `fanOut` times with its parameter; a span named from it at the bottom. */
function chain(fanOut: number, levels: number): string {
  let src = "import { trace } from '@opentelemetry/api';\nconst tracer = trace.getTracer('x');\n";
  const name = ['`op $', '{p}`'].join('');
  src += `export function f0(p: string) { tracer.startActiveSpan(${name}, (s) => s.end()); }\n`;
  for (let i = 1; i < levels; i++)
    src += `export function f${i}(p: string) {\n${`  f${i - 1}(p);\n`.repeat(fanOut)}}\n`;
  return `${src}f${levels - 1}('lit');\n`;
}

async function opNames(fanOut: number, levels: number): Promise<{ names: string[]; ms: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'autoscope-names-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'a.ts'), chain(fanOut, levels));
  const started = performance.now();
  const { config } = await analyze({ paths: [dir] });
  const ms = performance.now() - started;
  return { names: [...new Set(JSON.stringify(config).match(/op [^"@]*/g) ?? [])], ms };
}

describe('span names through parameters (hostile fan-out)', () => {
  it('resolves a literal through 4 hops of 40 call sites each (40^4 paths) once per node', async () => {
    const { names, ms } = await opNames(40, 5);
    expect(names).toEqual(['op lit']);
    expect(ms).toBeLessThan(10_000);
  });

  it('gives `op *` past the depth limit with 24 and 60 call sites per hop, quickly', async () => {
    for (const fanOut of [24, 60]) {
      const { names, ms } = await opNames(fanOut, 7);
      expect(names).toEqual(['op *']);
      expect(ms).toBeLessThan(10_000);
    }
  });
});
