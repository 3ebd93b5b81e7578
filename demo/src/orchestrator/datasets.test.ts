import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFaultsFile } from '@autoscope/formats';
import { afterAll, describe, expect, it } from 'vitest';
import { concatenate, faultRecords, writeFaults } from './datasets.js';
import { DEFAULT_FAULT_TARGETS, faultSchedule } from './schedule.js';

const dir = mkdtempSync(join(tmpdir(), 'autoscope-demo-datasets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('faultSchedule', () => {
  it('puts each fault type in its own window of a different service, with normal periods between', () => {
    const orders = faultSchedule(1_000_000, 10_000);
    expect(orders.map((o) => o.type)).toEqual([
      'latency',
      'cpu_contention',
      'exception',
      'dependency_timeout',
    ]);
    expect(new Set(orders.map((o) => o.service)).size).toBe(4);
    expect(orders.map((o) => o.service)).toEqual(Object.values(DEFAULT_FAULT_TARGETS));
    expect(orders[0]!.startMs).toBe(1_002_000); // after a warm-up of two slots
    for (let i = 1; i < orders.length; i++) expect(orders[i]!.startMs - orders[i - 1]!.endMs).toBe(1_000);
    expect(orders.at(-1)!.endMs).toBeLessThan(1_010_000); // a normal period closes the load
  });
});

describe('faultRecords and writeFaults', () => {
  it('merges every service ground truth and writes a file readFaultsFile accepts', async () => {
    const orders = faultSchedule(1_700_000_000_000, 10_000);
    const reports = {
      inventory: {
        groundTruth: { [orders[0]!.id]: ['00000000000000b2', '00000000000000a1'] },
        requests: 1,
        spansEnded: 1,
      },
      frontend: { groundTruth: { [orders[0]!.id]: ['00000000000000a1'] }, requests: 1, spansEnded: 1 },
    };
    const path = join(dir, 'faults.json');
    await writeFaults(path, faultRecords(orders, reports));
    const faults = await readFaultsFile(path);
    expect(faults).toHaveLength(4);
    expect(faults[0]).toMatchObject({
      type: 'latency',
      service: 'inventory',
      start: 1_700_000_002_000_000_000n,
    });
    expect(faults[0]!.faultySpanIds).toEqual(['00000000000000a1', '00000000000000b2']);
    expect(faults[1]!.faultySpanIds).toEqual([]);
  });

  it('sums the window-overlap counts of a CPU contention, and writes none for other faults', () => {
    const orders = faultSchedule(1_700_000_000_000, 10_000);
    const cpu = orders.find((o) => o.type === 'cpu_contention')!;
    const report = (overlaps: number) => ({
      groundTruth: { [cpu.id]: ['00000000000000c1'] },
      windowOverlaps: { [cpu.id]: overlaps },
      requests: 1,
      spansEnded: 1,
    });
    const records = faultRecords(orders, {
      a: report(7),
      b: report(5),
      c: { groundTruth: {}, requests: 0, spansEnded: 0 },
    });
    const record = records.find((r) => r.id === cpu.id)!;
    expect(record.windowOverlapSpans).toBe(12);
    expect(record.faultySpanIds).toEqual(['00000000000000c1']);
    for (const r of records) if (r.id !== cpu.id) expect(r).not.toHaveProperty('windowOverlapSpans');
  });
});

describe('concatenate', () => {
  it('joins files in order, including empty ones', async () => {
    const parts = ['a', 'b', 'c'].map((n) => join(dir, `${n}.jsonl`));
    writeFileSync(parts[0]!, '{"a":1}\n');
    writeFileSync(parts[1]!, '');
    writeFileSync(parts[2]!, `${'x'.repeat(200_000)}\n`);
    const into = join(dir, 'all.jsonl');
    await concatenate(parts, into);
    expect(readFileSync(into, 'utf8')).toBe(`{"a":1}\n${'x'.repeat(200_000)}\n`);
  });

  it('rejects when a part is missing', async () => {
    await expect(concatenate([join(dir, 'missing.jsonl')], join(dir, 'out.jsonl'))).rejects.toThrow(/ENOENT/);
  });
});
