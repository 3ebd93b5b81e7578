import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from './run-eval.js';
import { TESTDATA } from './test-support.js';

async function folder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'autoscope-eval-hostile-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  return dir;
}

const CSV_HEADER = 'TraceID,SpanID,ParentID,PodName,OperationName,StartTimeUnixNano,EndTimeUnixNano,Duration';
const FAULT_LIST = JSON.stringify({
  '0': [{ inject_time: '2024-01-01 00:00:00', inject_pod: 'a-b-c', inject_type: 'x', inject_timestamp: '0' }],
});

describe('runEval on bad input', () => {
  it('names a missing dataset folder, and a file given as the dataset', async () => {
    await expect(evaluate({ dataset: '/nonexistent/dataset' }, [])).rejects.toMatchObject({
      code: 'AUTOSCOPE_EVAL_INPUT',
      message: expect.stringContaining('/nonexistent/dataset'),
    });
    const file = join(TESTDATA, 'otlp-faults/faults.json');
    await expect(evaluate({ dataset: file }, [])).rejects.toThrow(/found a file/);
  });

  it('refuses a folder with traces but no fault list', async () => {
    const dir = await folder({ 'trace.csv': `${CSV_HEADER}\n` });
    await expect(evaluate({ dataset: dir }, [])).rejects.toThrow(/not an evaluation dataset.*faults\.json/);
  });

  it('names the field of a malformed faults.json and of a fault list entry', async () => {
    const bad = await folder({
      'faults.json': JSON.stringify([{ id: 'f', type: 't', service: 's', start: 'yesterday', end: '1' }]),
      'traces.jsonl': '',
    });
    await expect(evaluate({ dataset: bad }, [])).rejects.toThrow(/faults\.json.*\[0\]\.start/s);
    const list = await folder({ 'd/d-fault_list.json': JSON.stringify({ '0': [{ inject_pod: 'p' }] }) });
    await expect(evaluate({ dataset: list }, [])).rejects.toThrow(/d-fault_list\.json.*inject_type/);
  });

  it('refuses a faults.json without trace files beside it', async () => {
    const dir = await folder({ 'faults.json': '[]', 'notes.md': 'hi' });
    await expect(evaluate({ dataset: dir }, [])).rejects.toThrow(/no trace files/);
  });

  it('rejects unknown samplers, budgets out of range and a day that matches nothing', async () => {
    const dataset = join(TESTDATA, 'research-csv');
    await expect(evaluate({ dataset, samplers: ['nope'] }, [])).rejects.toThrow(/unknown sampler "nope"/);
    await expect(evaluate({ dataset, keepRatio: 0 }, [])).rejects.toThrow(/keepRatio/);
    await expect(evaluate({ dataset, keepRatio: Number.NaN }, [])).rejects.toThrow(/keepRatio/);
    await expect(evaluate({ dataset, sweep: [0.1, 2] }, [])).rejects.toThrow(/sweep/);
    await expect(evaluate({ dataset, day: '1999-*' }, [])).rejects.toThrow(/no day folder matches/);
  });

  it('skips bad CSV rows and says so, and measures an empty day as zero traces', async () => {
    const rows = [
      CSV_HEADER,
      '0000000000000000000000000000000a,000000000000000a,root,a-b-c,/,1704067200000000000,1704067200000001000,1',
      'not-a-trace-id,xx,root,a-b-c,/,1,2,1',
      '0000000000000000000000000000000b,000000000000000b,root,a-b-c,/,NaN,1,1',
    ];
    const dir = await folder({
      'day/trace/t.csv': `${rows.join('\n')}\n`,
      'day/day-fault_list.json': FAULT_LIST,
    });
    const report = await evaluate({ dataset: dir, samplers: ['head'] }, []);
    expect(report.traces).toBe(1);
    expect(report.notes!.some((n) => n.startsWith('2 bad record(s) skipped'))).toBe(true);
    const empty = await folder({
      'day/trace/t.csv': `${CSV_HEADER}\n`,
      'day/day-fault_list.json': FAULT_LIST,
    });
    const none = await evaluate({ dataset: empty, samplers: ['autoscope', 'head'] }, []);
    expect(none.traces).toBe(0);
    expect(none.results[0]).toMatchObject({
      sizeReduction: 0,
      faultySpanCoverage: 1,
      traceRetrievability: 1,
    });
    expect(none.example).toBeUndefined();
  });
});
