/**
 * Write-ahead log append throughput per fsync policy (never / batch / always), with one append in flight
 * (latency-bound) and with 64 in flight (how receivers use it: one append per request, many requests at
 * once). Baseline in the same run: raw positional writes of the same bytes to one file, no framing, with
 * the same syncing (none, or fdatasync after each write). Records are released as soon as they are
 * appended, so segment deletion and checkpointing are part of the cost.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { WriteAheadLog } from '@autoscope/gateway';
import { BenchReport, QUICK } from './lib/report.js';
import { REPO_ROOT } from './lib/traces.js';

const DIR = join(REPO_ROOT, '.bench-tmp', 'wal');
const SECONDS = QUICK ? 0.4 : 1.5;
const PAYLOAD = 16 << 10;
/** 100k spans/s per core at ~100 spans per request (about 16-30 KiB of OTLP protobuf) is 1000 appends/s. */
const TARGET_APPENDS = 1000;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

async function measureWal(fsync, inFlight) {
  rmSync(DIR, { recursive: true, force: true });
  const log = await WriteAheadLog.open(DIR, { maxBytes: 1 << 30, segmentBytes: 16 << 20, fsync });
  const payload = new Uint8Array(PAYLOAD).fill(7);
  const latencies = [];
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      const seq = await log.append(payload);
      latencies.push(performance.now() - t0);
      log.release(seq);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const syncs = log.stats().syncs;
  await log.close();
  latencies.sort((a, b) => a - b);
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    syncsPerSecond: syncs / seconds,
  };
}

async function measureRaw(sync) {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const handle = await open(join(DIR, 'raw'), 'w');
  const payload = Buffer.alloc(PAYLOAD + 16, 7);
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  let n = 0;
  for (let position = 0; performance.now() < deadline; position += payload.length, n++) {
    await handle.write(payload, 0, payload.length, position);
    if (sync) await handle.datasync();
  }
  const seconds = (performance.now() - started) / 1000;
  await handle.close();
  return n / seconds;
}

async function main() {
  const report = new BenchReport('wal');
  const rawNoSync = await measureRaw(false);
  const rawSync = await measureRaw(true);
  const cases = [
    ['never', 1],
    ['never', 64],
    ['batch', 1],
    ['batch', 64],
    ['always', 1],
    ['always', 64],
  ];
  for (const [fsync, inFlight] of cases) {
    const r = await measureWal(fsync, inFlight);
    const baseline = fsync === 'never' ? rawNoSync : rawSync;
    const concurrent = inFlight > 1;
    report.row({
      benchmark: `WAL append, fsync ${fsync}, ${inFlight} in flight, 16 KiB records`,
      value: r.perSecond,
      unit: 'appends/s',
      baseline: fsync === 'never' ? 'raw write, no sync' : 'raw write + fdatasync each',
      baselineValue: baseline,
      ratio: r.perSecond / baseline,
      target: concurrent && fsync !== 'never' ? `≥ ${TARGET_APPENDS} appends/s` : '-',
      status: concurrent && fsync !== 'never' ? (r.perSecond >= TARGET_APPENDS ? 'PASS' : 'MISS') : 'info',
    });
    report.note(
      `fsync ${fsync}, ${inFlight} in flight: ${((r.perSecond * PAYLOAD) / 2 ** 20).toFixed(1)} MiB/s, append latency p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, ${r.syncsPerSecond.toFixed(0)} fsyncs/s`,
    );
  }
  report.note(
    `log directory ${DIR} (the repository's disk; a tmpfs makes fsync free); ${SECONDS} s per case; batch window 5 ms (default). Target: 100k spans/s per core at ~100 spans per request is ${TARGET_APPENDS} appends/s.`,
  );
  rmSync(DIR, { recursive: true, force: true });
  report.save();
}

await main();
