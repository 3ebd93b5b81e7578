import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TraceFileError } from './errors.js';
import { parseFaults, readFaultsFile } from './faults.js';

describe('readFaultsFile', () => {
  it('reads RFC 3339 and nanosecond times exactly, with optional fields', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'autoscope-faults-')), 'faults.json');
    const faults = [
      {
        id: 'f1',
        type: 'latency',
        service: 'cart',
        operation: 'GET /cart',
        start: '2024-05-01T10:00:00.123456789+02:00',
        end: '1714550460000000001',
        faultySpanIds: ['00000000000000AB'],
      },
      {
        id: 'f2',
        type: 'error',
        service: 'shop',
        pod: 'shop-1-2',
        start: '2024-05-01T08:00:00Z',
        end: '2024-05-01T08:03:00Z',
      },
    ];
    await writeFile(file, JSON.stringify(faults));
    const [first, second] = await readFaultsFile(file);
    expect(first).toEqual({
      id: 'f1',
      type: 'latency',
      service: 'cart',
      operation: 'GET /cart',
      start: 1714550400123456789n,
      end: 1714550460000000001n,
      faultySpanIds: ['00000000000000ab'],
    });
    expect(second).toEqual({
      id: 'f2',
      type: 'error',
      service: 'shop',
      pod: 'shop-1-2',
      start: 1714550400000000000n,
      end: 1714550580000000000n,
    });
  });

  it('lists every problem with its path', () => {
    const bad = [
      { id: '', type: 'x', service: 's', start: 1714550400000000000, end: '2024-02-30T00:00:00Z' },
      'nope',
      { id: 'a', type: 'x', service: 's', start: '2', end: '1', faultySpanIds: ['xyz'] },
    ];
    let error: unknown;
    try {
      parseFaults(bad, 'faults.json');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TraceFileError);
    const message = (error as TraceFileError).message;
    expect((error as TraceFileError).position).toBe('[0].id');
    for (const path of ['[0].id', '[0].start', '[0].end', '[1]', '[2].end', '[2].faultySpanIds[0]']) {
      expect(message).toContain(`  ${path}: `);
    }
    expect(() => parseFaults({}, 'f.json')).toThrow(/f\.json:\(root\): expected an array/);
  });

  it('rejects a file that is not JSON', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'autoscope-faults-')), 'faults.json');
    await writeFile(file, '[{"id":');
    await expect(readFaultsFile(file)).rejects.toThrow(/faults\.json: not a readable JSON file/);
  });
});
