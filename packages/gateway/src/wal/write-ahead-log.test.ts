import { appendFile, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WalFullError, WalRecordTooLargeError } from './errors.js';
import type { FsyncPolicy } from './options.js';
import { encodeRecordHeader } from './record.js';
import { WriteAheadLog } from './write-ahead-log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoscope-wal-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const payload = (i: number, size = 40) => new Uint8Array(size).map((_, k) => (i * 31 + k) & 0xff);
const open = (options: Partial<Parameters<typeof WriteAheadLog.open>[1]> = {}) =>
  WriteAheadLog.open(dir, { maxBytes: 1 << 20, fsync: 'batch', fsyncIntervalMs: 1, ...options });

async function collect(log: WriteAheadLog, from?: bigint) {
  const out: { seq: bigint; payload: Uint8Array }[] = [];
  for await (const record of log.replay(from)) out.push(record);
  return out;
}

async function segmentFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((f) => f.endsWith('.wal')).sort();
}

describe('WriteAheadLog: append, replay, release, restart', () => {
  it('replays appended records in order with their payloads, from a sequence number on', async () => {
    const log = await open();
    const seqs = await Promise.all([0, 1, 2, 3, 4].map((i) => log.append(payload(i))));
    expect(seqs).toEqual([1n, 2n, 3n, 4n, 5n]);
    const all = await collect(log);
    expect(all.map((r) => r.seq)).toEqual(seqs);
    for (const [i, r] of all.entries()) expect(r.payload).toEqual(payload(i));
    expect((await collect(log, 4n)).map((r) => r.seq)).toEqual([4n, 5n]);
    await log.close();
  });

  it('does not replay released records after a restart; sequence numbers keep increasing', async () => {
    const log = await open();
    const seqs = await Promise.all([0, 1, 2, 3, 4].map((i) => log.append(payload(i))));
    log.release(seqs[1] as bigint);
    log.release(seqs[3] as bigint);
    log.release(999n); // unknown: ignored
    expect((await collect(log)).map((r) => r.seq)).toEqual([1n, 3n, 5n]);
    await log.close();
    const again = await open();
    expect(again.recovery).toMatchObject({
      liveRecords: 3,
      releasedRecords: 2,
      truncatedRecords: 0,
      problems: [],
    });
    const replayed = await collect(again);
    expect(replayed.map((r) => r.seq)).toEqual([1n, 3n, 5n]);
    expect(replayed[1]?.payload).toEqual(payload(2));
    expect(await again.append(payload(9))).toBe(6n);
    await again.close();
  });

  it('rejects appends after close', async () => {
    const log = await open();
    await log.close();
    await expect(log.append(payload(0))).rejects.toMatchObject({ code: 'AUTOSCOPE_WAL_WRITE' });
  });

  it('resolves every append queued before close', async () => {
    const log = await open({ fsyncIntervalMs: 20 });
    const pending = [0, 1, 2].map((i) => log.append(payload(i)));
    await log.close();
    expect(await Promise.all(pending)).toEqual([1n, 2n, 3n]);
  });
});

describe('WriteAheadLog: segments and the size bound', () => {
  it('rolls segments and deletes a segment once all its records are released', async () => {
    const log = await open({ segmentBytes: 256 });
    const seqs: bigint[] = [];
    for (let i = 0; i < 20; i++) seqs.push(await log.append(payload(i)));
    const files = await segmentFiles();
    expect(files.length).toBeGreaterThan(3);
    const used = log.usedBytes;
    for (const seq of seqs.slice(0, 10)) log.release(seq);
    expect(log.usedBytes).toBeLessThan(used);
    await log.close();
    expect((await segmentFiles()).length).toBeLessThan(files.length);
    const again = await open({ segmentBytes: 256 });
    expect((await collect(again)).map((r) => r.seq)).toEqual(seqs.slice(10));
    for (const seq of seqs.slice(10)) again.release(seq);
    await again.close();
    // Every record released: only the segment opened last is left, holding no record.
    expect(await segmentFiles()).toHaveLength(1);
    const last = await open();
    expect(await collect(last)).toEqual([]);
    expect(await last.append(payload(0))).toBe(21n);
    await last.close();
  });

  it('rejects with WalFullError at maxBytes and accepts again once space is released', async () => {
    const log = await open({ maxBytes: 2048, segmentBytes: 512 });
    const seqs: bigint[] = [];
    let full: unknown;
    for (let i = 0; i < 100 && full === undefined; i++) {
      try {
        seqs.push(await log.append(payload(i, 100)));
      } catch (error) {
        full = error;
      }
    }
    expect(full).toBeInstanceOf(WalFullError);
    expect(full).toMatchObject({ code: 'AUTOSCOPE_WAL_FULL', maxBytes: 2048 });
    expect(log.usedBytes).toBeLessThanOrEqual(2048);
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(log.stats().rejectedFull).toBe(1);
    for (const seq of seqs.slice(0, 8)) log.release(seq);
    await expect(log.append(payload(0, 100))).resolves.toBeTypeOf('bigint');
    await expect(log.append(new Uint8Array(4096))).rejects.toBeInstanceOf(WalRecordTooLargeError);
    await log.close();
  });

  it('counts queued appends against the bound', async () => {
    const log = await open({ maxBytes: 1024, fsyncIntervalMs: 50 });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) => log.append(payload(i, 100))),
    );
    const accepted = results.filter((r) => r.status === 'fulfilled').length;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(20);
    expect(log.usedBytes).toBeLessThanOrEqual(1024);
    await log.close();
  });

  it('refuses bad options, naming the option', async () => {
    await expect(WriteAheadLog.open(dir, { maxBytes: -1, fsync: 'batch' })).rejects.toThrow(/maxBytes/);
    await expect(
      WriteAheadLog.open(dir, { maxBytes: 1 << 20, fsync: 'sometimes' as FsyncPolicy }),
    ).rejects.toThrow(/fsync/);
    await expect(
      WriteAheadLog.open(dir, { maxBytes: 1 << 20, fsync: 'batch', fsyncIntervalMs: Number.NaN }),
    ).rejects.toThrow(/fsyncIntervalMs/);
  });
});

describe('WriteAheadLog: fsync policies', () => {
  it('always: one fsync per sequential append', async () => {
    const log = await open({ fsync: 'always' });
    for (let i = 0; i < 5; i++) await log.append(payload(i));
    expect(log.stats().syncs).toBe(5);
    await log.close();
  });

  it('batch: concurrent appends share a group commit', async () => {
    const log = await open({ fsync: 'batch', fsyncIntervalMs: 20 });
    await log.append(payload(0));
    const seqs = await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(payload(i))));
    expect(seqs).toHaveLength(200);
    expect(log.stats().syncs).toBeLessThanOrEqual(3);
    expect(log.stats().appendedRecords).toBe(201);
    await log.close();
  });

  it('never: no fsync, records still replay after reopen', async () => {
    const log = await open({ fsync: 'never' });
    for (let i = 0; i < 5; i++) await log.append(payload(i));
    expect(log.stats().syncs).toBe(0);
    await log.close();
    const again = await open({ fsync: 'never' });
    expect(await collect(again)).toHaveLength(5);
    await again.close();
  });
});

describe('WriteAheadLog: recovery', () => {
  async function logWith(count: number, options = {}) {
    const log = await open(options);
    for (let i = 0; i < count; i++) await log.append(payload(i));
    await log.close();
    const files = await segmentFiles();
    return join(dir, files[files.length - 1] as string);
  }

  it('truncates a torn record at the end of the newest segment and keeps the records before it', async () => {
    const file = await logWith(3);
    const torn = encodeRecordHeader(4, payload(3));
    await appendFile(file, Buffer.concat([torn, payload(3).subarray(0, 10)]));
    const sizeBefore = (await stat(file)).size;
    const log = await open();
    expect(log.recovery).toMatchObject({
      truncatedRecords: 1,
      truncatedBytes: 26,
      problems: [],
      liveRecords: 3,
    });
    expect((await stat(file)).size).toBe(sizeBefore - 26);
    expect((await collect(log)).map((r) => r.seq)).toEqual([1n, 2n, 3n]);
    expect(await log.append(payload(9))).toBe(4n);
    await log.close();
    const clean = await open();
    expect(clean.recovery).toMatchObject({ truncatedRecords: 0, problems: [], liveRecords: 4 });
    await clean.close();
  });

  it('truncates a torn header of only a few bytes, and zero-filled garbage', async () => {
    const file = await logWith(2);
    await appendFile(file, new Uint8Array(7));
    let log = await open();
    expect(log.recovery).toMatchObject({ truncatedRecords: 1, truncatedBytes: 7, liveRecords: 2 });
    await log.close();
    const newest = join(dir, (await segmentFiles()).at(-1) as string);
    await appendFile(newest, new Uint8Array(4096));
    log = await open();
    expect(log.recovery).toMatchObject({ truncatedRecords: 1, truncatedBytes: 4096, liveRecords: 2 });
    await log.close();
  });

  it('skips a corrupted record in an older segment, naming the file and offset, and keeps the rest', async () => {
    const file = await logWith(5, { segmentBytes: 1 << 20 });
    const bytes = await readFile(file);
    const secondRecord = 8 + 16 + 40;
    bytes[secondRecord + 20] = (bytes[secondRecord + 20] as number) ^ 0xff;
    await writeFile(file, bytes);
    const log = await open();
    expect(log.recovery.problems).toHaveLength(1);
    const problem = log.recovery.problems[0];
    expect(problem).toMatchObject({
      code: 'AUTOSCOPE_WAL_CORRUPT',
      file,
      offset: secondRecord,
      skippedBytes: 56,
    });
    expect(problem?.message).toContain(`${file}: byte offset ${secondRecord}`);
    const replayed = await collect(log);
    expect(replayed.map((r) => r.seq)).toEqual([1n, 3n, 4n, 5n]);
    expect(replayed[1]?.payload).toEqual(payload(2));
    await log.close();
  });

  it('skips a record whose length field is damaged and resynchronises on the next one', async () => {
    const file = await logWith(4);
    const bytes = await readFile(file);
    bytes.writeUInt32LE(0x7fffffff, 8 + 56);
    await writeFile(file, bytes);
    const log = await open();
    expect((await collect(log)).map((r) => r.seq)).toEqual([1n, 3n, 4n]);
    expect(log.recovery.problems[0]?.message).toMatch(/runs past the end/);
    await log.close();
  });

  it('reports a file that is not a segment and keeps the others', async () => {
    await logWith(2);
    await writeFile(join(dir, '0000000000000000.wal'), 'not a log at all');
    const log = await open();
    expect(log.recovery.problems[0]?.message).toMatch(/bad magic/);
    expect(await collect(log)).toHaveLength(2);
    await log.close();
  });

  it('replays everything when the checkpoint is damaged (duplicates, never loss)', async () => {
    const log = await open();
    const seqs = await Promise.all([0, 1, 2].map((i) => log.append(payload(i))));
    log.release(seqs[0] as bigint);
    await log.close();
    await writeFile(join(dir, 'checkpoint.json'), '{"version":1,"upTo":');
    const again = await open();
    expect(again.recovery.checkpointProblem).toMatch(/damaged checkpoint/);
    expect(await collect(again)).toHaveLength(3);
    await again.close();
  });
});
