/**
 * Benchmark: `autoscope gateway` ingest on one core (taskset -c 0 when available). A load generator in
 * this process sends real OTLP protobuf requests over HTTP and over gRPC; a null sink answers the
 * gateway's exports. Baseline in the same run: a null receiver (same core) that only decodes each request
 * with the same codec and answers 200. Memory per buffered span: resident memory growth while spans wait
 * for their decision, against their encoded size.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeTraceRequest } from '@autoscope/otlp';
import { Client, credentials } from '@grpc/grpc-js';
import { requestsOf } from './lib/otlp-input.js';
import { BenchReport, QUICK } from './lib/report.js';
import { REPO_ROOT, syntheticTraces } from './lib/traces.js';

const CLI = join(REPO_ROOT, 'packages', 'cli', 'bin', 'autoscope.js');
const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((p) => existsSync(p));
const SECONDS = QUICK ? 3 : 8;
const CONCURRENCY = 8;
const SPANS_PER_REQUEST = 500;
const TARGET = 100_000;
const GRPC_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

const NULL_RECEIVER = `
import { createServer } from 'node:http';
import { decodeTraceRequest } from '@autoscope/otlp';
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => { decodeTraceRequest(Buffer.concat(chunks)); res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(); });
});
server.listen(0, '127.0.0.1', () => process.stderr.write(JSON.stringify({ msg: 'gateway started', ports: { http: server.address().port } }) + '\\n'));
`;

function pinned(args) {
  return TASKSET === undefined ? [process.execPath, args] : [TASKSET, ['-c', '0', process.execPath, ...args]];
}

async function startChild(args) {
  const [command, argv] = pinned(args);
  const child = spawn(command, argv, { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const ports = await new Promise((resolve, reject) => {
    let buffer = '';
    child.stderr.on('data', (d) => {
      buffer += d;
      for (const line of buffer.split('\n')) {
        if (line.includes('"gateway started"')) resolve(JSON.parse(line).ports);
      }
    });
    child.once('exit', (code) => reject(new Error(`child exited ${code}: ${buffer}`)));
  });
  return {
    child,
    ports,
    stop: () =>
      new Promise((r) => {
        child.once('exit', r);
        child.kill('SIGTERM');
      }),
  };
}

async function nullSink() {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/v1/traces`, close: () => server.close() };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Sends requests round-robin with CONCURRENCY in flight for SECONDS; returns spans/s and p99 latency. */
async function load(send, payloads) {
  const latencies = [];
  let spans = 0;
  let failed = 0;
  let next = 0;
  const end = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const { body, count } = payloads[next++ % payloads.length];
      const started = performance.now();
      const ok = await send(body);
      latencies.push(performance.now() - started);
      if (ok) spans += count;
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { rate: spans / seconds, p99: percentile(latencies, 0.99), p50: percentile(latencies, 0.5), failed };
}

const httpSender = (port) => (body) =>
  fetch(`http://127.0.0.1:${port}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-protobuf' },
    body,
  }).then(
    async (r) => {
      await r.arrayBuffer();
      return r.status === 200;
    },
    () => false,
  );

function grpcSender(port) {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  const send = (body) =>
    new Promise((resolve) =>
      client.makeUnaryRequest(
        GRPC_PATH,
        (v) => Buffer.from(v),
        (b) => b,
        body,
        (error) => resolve(error === null),
      ),
    );
  send.close = () => client.close();
  return send;
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}

function gatewayArgs(sink, wal, extra = []) {
  return [
    CLI,
    'gateway',
    '--http-port',
    '0',
    '--grpc-port',
    '0',
    '--admin-port',
    '0',
    '--wal-dir',
    wal,
    '--wal-fsync',
    'batch',
    '--wal-max-bytes',
    String(8 * 2 ** 30),
    '--exporter-endpoint',
    sink.url,
    '--exporter-compression',
    'false',
    '--log-level',
    'info',
    ...extra,
  ];
}

async function main() {
  const report = new BenchReport('gateway');
  const traces = syntheticTraces(QUICK ? 50_000 : 200_000);
  const payloads = [...requestsOf(traces, SPANS_PER_REQUEST)].map((spans) => ({
    body: encodeTraceRequest(spans),
    count: spans.length,
  }));
  const spans = payloads.reduce((n, p) => n + p.count, 0);
  const bytes = payloads.reduce((n, p) => n + p.body.length, 0);
  report.note(
    `load: ${CONCURRENCY} concurrent clients for ${SECONDS}s each, ${payloads.length} distinct requests of ~${SPANS_PER_REQUEST} synthetic spans (${(bytes / spans).toFixed(0)} B/span encoded); server ${TASKSET ? 'pinned to CPU 0 (taskset)' : 'not pinned (no taskset)'}; WAL fsync batch on ${tmpdir()}; sampler autoscope keepRatio 0.1; null downstream`,
  );
  const sink = await nullSink();
  const baseline = await startChild(['--input-type=module', '-e', NULL_RECEIVER]);
  const base = await load(httpSender(baseline.ports.http), payloads);
  await baseline.stop();
  const rows = [];
  for (const transport of ['http', 'grpc']) {
    const wal = mkdtempSync(join(tmpdir(), 'autoscope-bench-wal-'));
    const gateway = await startChild(gatewayArgs(sink, wal));
    const sender = transport === 'http' ? httpSender(gateway.ports.http) : grpcSender(gateway.ports.grpc);
    const result = await load(sender, payloads);
    sender.close?.();
    await gateway.stop();
    rmSync(wal, { recursive: true, force: true });
    rows.push({ transport, result });
  }
  for (const { transport, result } of rows) {
    report.row({
      benchmark: `gateway ingest, OTLP/${transport} protobuf, 1 core`,
      measured: 'spans/s acknowledged (decode, WAL, assembly, sampling, export)',
      unit: 'spans/s',
      value: result.rate,
      baseline: 'null receiver (decode only, HTTP)',
      baselineValue: base.rate,
      ratio: result.rate / base.rate,
      target: `≥ ${TARGET.toLocaleString('en-US')} spans/s`,
      status: result.rate >= TARGET ? 'met' : 'not met',
      notes: `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms per ${SPANS_PER_REQUEST}-span request (baseline p99 ${base.p99.toFixed(1)} ms); ${result.failed} refused`,
    });
  }
  // Memory per buffered span: nothing is decided for 10 minutes, so every accepted span stays in memory.
  const wal = mkdtempSync(join(tmpdir(), 'autoscope-bench-wal-'));
  const gateway = await startChild(
    gatewayArgs(sink, wal, [
      '--assembly-decision-wait-ms',
      '600000',
      '--assembly-max-wait-ms',
      '600000',
      '--memory-max-buffered-bytes',
      String(2 ** 34),
    ]),
  );
  const before = rssKiB(gateway.child.pid);
  const send = httpSender(gateway.ports.http);
  const n = Math.min(payloads.length, QUICK ? 60 : 300);
  let buffered = 0;
  let encoded = 0;
  for (let i = 0; i < n; i++) {
    if (await send(payloads[i].body)) {
      buffered += payloads[i].count;
      encoded += payloads[i].body.length;
    }
  }
  await new Promise((r) => setTimeout(r, 500));
  const grown = (rssKiB(gateway.child.pid) - before) * 1024;
  await gateway.stop();
  rmSync(wal, { recursive: true, force: true });
  sink.close();
  report.row({
    benchmark: 'gateway memory per buffered span',
    measured: 'resident memory growth / buffered spans',
    unit: 'B/span',
    value: grown / buffered,
    baseline: 'encoded OTLP protobuf size',
    baselineValue: encoded / buffered,
    ratio: grown / encoded,
    target: '≤ 2× encoded size',
    status: grown <= 2 * encoded ? 'met' : 'not met',
    notes: `${buffered.toLocaleString('en-US')} spans buffered (RSS includes GC slack)`,
  });
  report.save();
}

await main();
