import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceChildren, waitForExit } from '../test-support.js';

const CLI = fileURLToPath(new URL('../../../packages/cli/bin/autoscope.js', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../../../packages/cli/dist/main.js', import.meta.url)));
const PROC = existsSync('/proc/self/stat');
const dir = mkdtempSync(join(tmpdir(), 'autoscope-demo-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `autoscope demo`, sends `signal` once its services serve load, and returns its exit and services. */
async function interrupted(signal: NodeJS.Signals) {
  const cli = spawn(process.execPath, [CLI, 'demo', '--out', join(dir, signal), '--requests', '5000'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) => {
    cli.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('load: 5000 requests')) resolve();
    });
    cli.on('exit', () => resolve());
  });
  const services = serviceChildren(cli.pid!);
  cli.kill(signal);
  return { code: await exited, services, stderr };
}

describe.skipIf(!BUILT || !PROC)('autoscope demo interrupted (needs the built CLI and /proc)', () => {
  it('Ctrl-C stops every service and exits 130', async () => {
    const { code, services, stderr } = await interrupted('SIGINT');
    expect(services).toHaveLength(6);
    expect(code, stderr).toBe(130);
    expect(await waitForExit(services)).toEqual([]);
  });

  it('SIGTERM does the same', async () => {
    const { code, services } = await interrupted('SIGTERM');
    expect(services).toHaveLength(6);
    expect(code).toBe(130);
    expect(await waitForExit(services)).toEqual([]);
  });
});
