import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FAULT_DURATION_NANOS, parseFaultList, readFaultList } from './csv-faults.js';

const entry = (time: string, pod: string, type: string) => ({
  inject_time: time,
  inject_timestamp: '1',
  inject_pod: pod,
  inject_type: type,
});

describe('readFaultList', () => {
  it('finds every fault list, uses inject_time as UTC and sorts by start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'autoscope-faultlist-'));
    await mkdir(join(dir, 'rca', 'day2'), { recursive: true });
    await writeFile(
      join(dir, 'rca', 'day2', 'day2-fault_list.json'),
      JSON.stringify({ '09': [entry('2023-01-30 09:00:00', 'shop-abc12-xyz', 'cpu')] }),
    );
    await writeFile(
      join(dir, 'day1-fault_list.json'),
      JSON.stringify({
        '08': [entry('2023-01-29 08:43:04', 'ts-contacts-service-866bd68c97-xcqfx', 'return')],
        '10': [entry('2023-01-29 10:00:00', 'x-1-2', 'exception')],
      }),
    );
    await writeFile(join(dir, 'other.json'), '{}');
    const faults = await readFaultList(dir, 60_000_000_000n);
    expect(faults.map((f) => f.id)).toEqual(['day1/1', 'day1/2', 'day2/1']);
    expect(faults[0]).toEqual({
      id: 'day1/1',
      type: 'return',
      service: 'ts-contacts-service',
      pod: 'ts-contacts-service-866bd68c97-xcqfx',
      start: 1674981784000000000n,
      end: 1674981844000000000n,
    });
    expect(faults[2]?.service).toBe('shop');
  });

  it('names the bad entry', () => {
    expect(() =>
      parseFaultList({ '08': [entry('2023-01-29T08:43:04Z', 'p-1-2', 'x')] }, 'l-fault_list.json'),
    ).toThrow(/l-fault_list\.json:"08"\[0\]\.inject_time: expected a UTC time/);
    expect(() => parseFaultList({ '08': [{ inject_time: '2023-01-29 08:43:04' }] }, 'f')).toThrow(
      /f:"08"\[0\]\.inject_pod/,
    );
    expect(() => parseFaultList({ '08': {} }, 'f')).toThrow(/expected an array/);
    expect(() => parseFaultList([], 'f')).toThrow(/expected an object/);
  });
});

const DATASET = join(import.meta.dirname, '../../../../shared/datasets/nezha-trainticket');

describe.skipIf(!existsSync(DATASET))(
  'readFaultList on TrainTicket (shared/datasets/nezha-trainticket)',
  () => {
    it('reads the 45 faults with 180 s windows', async () => {
      const faults = await readFaultList(DATASET);
      expect(faults).toHaveLength(45);
      const first = faults[0]!;
      expect(first).toMatchObject({
        id: '2023-01-29/1',
        type: 'return',
        pod: 'ts-contacts-service-866bd68c97-xcqfx',
      });
      expect(first.start).toBe(BigInt(Date.UTC(2023, 0, 29, 8, 43, 4)) * 1_000_000n);
      expect(first.end - first.start).toBe(DEFAULT_FAULT_DURATION_NANOS);
      expect(new Set(faults.map((f) => f.type))).toEqual(
        new Set(['return', 'exception', 'cpu_contention', 'network_delay']),
      );
    });
  },
);

if (!existsSync(DATASET)) console.warn(`skipping TrainTicket fault list test: ${DATASET} is absent`);
