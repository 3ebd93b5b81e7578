import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLED_WINDOW_NANOS, SampledStream } from './sampled-output.js';

const T0 = 1_704_067_200n * 1_000_000_000n;
const STEP = 2n * 1_000_000_000n;
/** Spans per batch of the OTLP reader. */
const BATCH = 1000;
/** 3.3 hours of one-span traces, one every 2 s. */
const TRACES = 6000;

const traceId = (t: number) => (t + 1).toString(16).padStart(32, '0');

let dir = '';
let file = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'autoscope-eval-sampled-'));
  file = join(dir, 'sampled.jsonl');
  const rows: string[] = [];
  for (let t = 0; t < TRACES; t++) {
    const start = T0 + BigInt(t) * STEP;
    const span = {
      traceId: traceId(t),
      spanId: (t + 1).toString(16).padStart(16, '0'),
      name: '/',
      kind: 2,
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + 1000n),
    };
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] };
    rows.push(
      JSON.stringify({
        resourceSpans: [{ resource, scopeSpans: [{ scope: { name: 's' }, spans: [span] }] }],
      }),
    );
  }
  await writeFile(file, `${rows.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SampledStream', () => {
  it('holds only the window around the full data, matches traces once, and counts the rest', async () => {
    const stream = await SampledStream.open({ name: 'live', path: file });
    let batches = 0;
    stream.onBatch = () => batches++;
    let most = 0;
    // The full data has every other trace, in time order.
    for (let t = 0; t < TRACES; t += 2) {
      await stream.advanceTo(T0 + BigInt(t) * STEP);
      most = Math.max(most, stream.pending);
      expect(stream.take(traceId(t))?.map((s) => s.traceId)).toEqual([traceId(t)]);
      expect(stream.take(traceId(t))).toBeUndefined();
    }
    await stream.finish();
    const window = Number(SAMPLED_WINDOW_NANOS / STEP);
    expect(most).toBeGreaterThan(window);
    expect(most).toBeLessThanOrEqual(2 * window + BATCH);
    expect(most).toBeLessThan(TRACES / 2);
    expect(stream.unmatched).toBe(TRACES / 2);
    expect(stream.pending).toBe(0);
    expect(batches).toBeGreaterThan(0);
    expect(stream.problems()).toEqual([]);
  });

  it('names an unreadable output', async () => {
    await expect(
      SampledStream.open({ name: 'live', path: join(dir, 'missing.jsonl') }),
    ).rejects.toMatchObject({
      code: 'AUTOSCOPE_EVAL_INPUT',
      message: expect.stringContaining('missing.jsonl'),
    });
  });
});
