/**
 * Crash test: a child process appends records and prints each sequence number once `append` resolved
 * (the acknowledgement), then is killed with SIGKILL mid-stream. Every acknowledged record must replay.
 * The child runs the compiled log (packages/gateway/dist, built by `npm run build` / `tsc -b`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FsyncPolicy } from './options.js';
import { WriteAheadLog } from './write-ahead-log.js';

const COMPILED = resolve(import.meta.dirname, '../../dist/wal/write-ahead-log.js');

const CHILD = `
const { WriteAheadLog } = await import(process.argv[1]);
const [dir, fsync] = process.argv.slice(2);
const log = await WriteAheadLog.open(dir, { maxBytes: 64 << 20, segmentBytes: 16 << 10, fsync, fsyncIntervalMs: 2 });
let i = 0;
async function worker() {
  for (;;) {
    const n = i++;
    const payload = new TextEncoder().encode('record ' + n + ' ' + 'x'.repeat(n % 200));
    const seq = await log.append(payload);
    process.stdout.write(seq + ' ' + n + '\\n');
    if (n % 3 === 0) log.release(seq);
  }
}
for (let w = 0; w < 8; w++) worker();
`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoscope-wal-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the child until it acknowledged `acks` records, SIGKILLs it, returns seq → record number. */
function appendThenKill(fsync: FsyncPolicy, acks: number): Promise<Map<bigint, number>> {
  const args = ['--input-type=module', '-e', CHILD, pathToFileURL(COMPILED).href, dir, fsync];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked = new Map<bigint, number>();
  let buffered = '';
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((done, fail) => {
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [seq, n] = line.split(' ');
        acked.set(BigInt(seq as string), Number(n));
      }
      if (acked.size >= acks) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') done(acked);
      else fail(new Error(`child exited with ${code}: ${stderr}`));
    });
  });
}

describe.each(['always', 'batch', 'never'] as const)('WriteAheadLog after SIGKILL (fsync %s)', (fsync) => {
  it('replays every acknowledged, unreleased record with its payload', async () => {
    expect(existsSync(COMPILED), `${COMPILED} missing: run npm run build first`).toBe(true);
    const acked = await appendThenKill(fsync, 1500);
    const log = await WriteAheadLog.open(dir, { maxBytes: 64 << 20, fsync });
    const replayed = new Map<bigint, string>();
    for await (const { seq, payload } of log.replay()) replayed.set(seq, new TextDecoder().decode(payload));
    const missing = [...acked].filter(([seq, n]) => n % 3 !== 0 && !replayed.has(seq));
    expect(missing).toEqual([]);
    for (const [seq, n] of acked) {
      const text = replayed.get(seq);
      if (text !== undefined) expect(text).toBe(`record ${n} ${'x'.repeat(n % 200)}`);
    }
    expect(log.recovery.problems).toEqual([]);
    await log.close();
  });
});
