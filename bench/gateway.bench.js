/**
 * Benchmark: `autoscope gateway` ingest on one core (taskset -c 0 when available). A load generator in
 * this process sends real OTLP protobuf requests over HTTP and over gRPC; a null sink answers the
 * gateway's exports. Baseline in the same run: a null receiver (same core) that only decodes each request
 * with the same codec and answers 200. Memory per buffered span: growth of the live heap plus external
 * memory (request buffers) after full GCs while spans wait for their decision, against their encoded size,
 * measured in a gateway child run with --expose-gc (same options as the CLI).
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

// The gateway as the CLI runs it, plus an IPC hook that runs full GCs and reports the heap.
const MEMORY_CHILD = `
import { runGateway } from '@autoscope/gateway';
process.on('message', () => {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  process.send({ heap: m.heapUsed, external: m.external, rss: m.rss });
});
await runGateway({ configFile: undefined, flags: JSON.parse(process.env.GATEWAY_FLAGS), env: {}, logSink: process.stderr });
process.disconnect();
`;

function pinned(args) {
  return TASKSET === undefined ? [process.execPath, args] : [TASKSET, ['-c', '0', process.execPath, ...args]];
}

async function startChild(args, env = {}) {
  const [command, argv] = pinned(args);
  const stdio = ['ignore', 'ignore', 'pipe', ...(env.GATEWAY_FLAGS === undefined ? [] : ['ipc'])];
  const child = spawn(command, argv, { cwd: REPO_ROOT, stdio, env: { ...process.env, ...env } });
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

/** Offsets of every trace id field (tag, length, 16 bytes) in an encoded request. */
function traceIdOffsets(body, spans) {
  const offsets = [];
  for (const traceId of new Set(spans.map((span) => span.traceId))) {
    const needle = Buffer.concat([Buffer.of(0x0a, 0x10), Buffer.from(traceId, 'hex')]);
    for (let at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + 1)) offsets.push(at + 2);
  }
  return Int32Array.from(offsets);
}

/**
 * The request to send the `cycle`-th time round: later rounds get fresh trace ids (the last 4 bytes of each
 * XOR the round), so traces complete and are decided while the load runs instead of growing forever.
 */
function bodyFor(payload, cycle) {
  if (cycle === 0) return payload.body;
  const body = Buffer.from(payload.body);
  for (const at of payload.traceIds) body.writeUInt32LE((body.readUInt32LE(at + 12) ^ cycle) >>> 0, at + 12);
  return body;
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
      const k = next++;
      const payload = payloads[k % payloads.length];
      const body = bodyFor(payload, Math.floor(k / payloads.length));
      const started = performance.now();
      const ok = await send(body);
      latencies.push(performance.now() - started);
      if (ok) spans += payload.count;
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    spans,
    rate: spans / seconds,
    p99: percentile(latencies, 0.99),
    p50: percentile(latencies, 0.5),
    failed,
  };
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

/** Gateway options by config path (as `autoscope gateway` flags take them). */
function gatewayOptions(sink, wal, extra = {}) {
  return {
    'http.port': '0',
    'grpc.port': '0',
    'admin.port': '0',
    'wal.dir': wal,
    'wal.fsync': 'batch',
    'wal.maxBytes': String(8 * 2 ** 30),
    'exporter.endpoint': sink.url,
    'exporter.compression': 'false',
    'log.level': 'info',
    ...extra,
  };
}

function gatewayArgs(options) {
  const flags = Object.entries(options).flatMap(([path, value]) => [
    `--${path.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace('.', '-')}`,
    value,
  ]);
  return [CLI, 'gateway', ...flags];
}

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** One value of the gateway's /metrics (summed over label sets). */
async function metric(adminPort, name) {
  const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(name)) sum += Number(line.split(' ').at(-1));
  return { sum, text };
}

/** Waits until every accepted span is decided and exported (nothing buffered or queued). */
async function drained(adminPort) {
  for (;;) {
    const buffered = (await metric(adminPort, 'autoscope_gateway_buffered_spans')).sum;
    const queued = (await metric(adminPort, 'autoscope_gateway_export_queue_bytes')).sum;
    if (buffered === 0 && queued === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The server-side p99 of `autoscope_gateway_ingest_seconds` for a transport: the bucket bound it falls in. */
function serverP99(text, transport) {
  const buckets = [];
  for (const line of text.split('\n')) {
    const m = /^autoscope_gateway_ingest_seconds_bucket\{transport="(\w+)",le="([^"]+)"\} (\S+)/.exec(line);
    if (m !== null && m[1] === transport) buckets.push([Number(m[2]), Number(m[3])]);
  }
  const total = buckets.at(-1)?.[1] ?? 0;
  return buckets.find(([, n]) => n >= 0.99 * total)?.[0];
}

/** Live heap plus external memory (request buffers) after full GCs in the memory child. */
function liveBytes(child) {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m.heap + m.external));
    child.send('heap');
  });
}

async function main() {
  const report = new BenchReport('gateway');
  const traces = syntheticTraces(QUICK ? 50_000 : 200_000);
  const payloads = [...requestsOf(traces, SPANS_PER_REQUEST)].map((spans) => {
    const body = Buffer.from(encodeTraceRequest(spans));
    return { body, count: spans.length, traceIds: traceIdOffsets(body, spans) };
  });
  const spans = payloads.reduce((n, p) => n + p.count, 0);
  const bytes = payloads.reduce((n, p) => n + p.body.length, 0);
  report.note(
    `load: ${CONCURRENCY} concurrent clients for ${SECONDS}s each, ${payloads.length} distinct requests of ~${SPANS_PER_REQUEST} synthetic spans (${(bytes / spans).toFixed(0)} B/span encoded); server ${TASKSET ? 'pinned to CPU 0 (taskset)' : 'not pinned (no taskset)'}; WAL fsync batch on ${tmpdir()}; sampler autoscope keepRatio 0.1; null downstream`,
  );
  const sink = await nullSink();
  const baseline = await startChild(['--input-type=module', '-e', NULL_RECEIVER]);
  const baseCpu = cpuSeconds(baseline.child.pid);
  const base = await load(httpSender(baseline.ports.http), payloads);
  base.cpuPerSpan = (cpuSeconds(baseline.child.pid) - baseCpu) / base.spans;
  await baseline.stop();
  const rows = [];
  for (const transport of ['http', 'grpc']) {
    const wal = mkdtempSync(join(tmpdir(), 'autoscope-bench-wal-'));
    const gateway = await startChild(gatewayArgs(gatewayOptions(sink, wal)));
    const sender = transport === 'http' ? httpSender(gateway.ports.http) : grpcSender(gateway.ports.grpc);
    const cpu = cpuSeconds(gateway.child.pid);
    const result = await load(sender, payloads);
    // CPU per span covers everything done for the spans: ingest, decisions (after the wait) and export.
    await drained(gateway.ports.admin);
    result.cpuPerSpan = (cpuSeconds(gateway.child.pid) - cpu) / result.spans;
    result.serverP99 = serverP99((await metric(gateway.ports.admin, '#')).text, transport);
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
      notes: `load-bound on the shared machine; ${result.failed} refused`,
    });
  }
  for (const { transport, result } of rows) {
    const capacity = 1 / result.cpuPerSpan;
    report.row({
      benchmark: `gateway capacity, OTLP/${transport} protobuf, per core`,
      measured: 'spans per CPU-second of the gateway process (ingest + decision + export, until drained)',
      unit: 'spans/s/core',
      value: capacity,
      baseline: 'null receiver (decode only, HTTP), spans per CPU-second',
      baselineValue: 1 / base.cpuPerSpan,
      ratio: capacity / (1 / base.cpuPerSpan),
      target: `≥ ${TARGET.toLocaleString('en-US')} spans/s/core`,
      status: capacity >= TARGET ? 'met' : 'not met',
      notes: `${(result.cpuPerSpan * 1e6).toFixed(2)} µs CPU per span (baseline ${(base.cpuPerSpan * 1e6).toFixed(2)} µs)`,
    });
  }
  for (const { transport, result } of rows) {
    report.row({
      benchmark: `gateway p99 ingest latency, OTLP/${transport}, ${CONCURRENCY} clients`,
      measured: `client-observed time from send to acknowledgement of a ${SPANS_PER_REQUEST}-span request (log written)`,
      unit: 'ms',
      value: result.p99,
      baseline: 'null receiver (decode only, HTTP) p99',
      baselineValue: base.p99,
      ratio: result.p99 / base.p99,
      target: 'none set',
      status: '—',
      notes: `p50 ${result.p50.toFixed(1)} ms; server-side p99 (autoscope_gateway_ingest_seconds, arrival to answer) ≤ ${result.serverP99 === undefined ? '?' : `${result.serverP99 * 1000} ms`}`,
    });
  }
  // Memory per buffered span: nothing is decided for 10 minutes, so every accepted span stays in memory.
  const wal = mkdtempSync(join(tmpdir(), 'autoscope-bench-wal-'));
  const options = gatewayOptions(sink, wal, {
    'assembly.decisionWaitMs': '600000',
    'assembly.maxWaitMs': '600000',
    'memory.maxBufferedBytes': String(2 ** 34),
  });
  const gateway = await startChild(['--expose-gc', '--input-type=module', '-e', MEMORY_CHILD], {
    GATEWAY_FLAGS: JSON.stringify(options),
  });
  const send = httpSender(gateway.ports.http);
  // Warm up (code, pools, caches) with requests that are buffered too, then measure from there.
  const warm = Math.min(20, payloads.length >> 2);
  for (let i = 0; i < warm; i++) await send(payloads[i].body);
  const before = await liveBytes(gateway.child);
  const rssBefore = rssKiB(gateway.child.pid);
  const n = Math.min(payloads.length, QUICK ? 80 : 300);
  let buffered = 0;
  let encoded = 0;
  for (let i = warm; i < n; i++) {
    if (await send(payloads[i].body)) {
      buffered += payloads[i].count;
      encoded += payloads[i].body.length;
    }
  }
  const grown = (await liveBytes(gateway.child)) - before;
  const rssGrown = (rssKiB(gateway.child.pid) - rssBefore) * 1024;
  await gateway.stop();
  rmSync(wal, { recursive: true, force: true });
  sink.close();
  report.row({
    benchmark: 'gateway memory per buffered span',
    measured: 'growth of live heap + external memory after full GCs / buffered spans',
    unit: 'B/span',
    value: grown / buffered,
    baseline: 'encoded OTLP protobuf size',
    baselineValue: encoded / buffered,
    ratio: grown / encoded,
    target: '≤ 2× encoded size',
    status: grown <= 2 * encoded ? 'met' : 'not met',
    notes: `${buffered.toLocaleString('en-US')} spans buffered; resident memory grew ${(rssGrown / buffered).toFixed(0)} B/span (includes GC slack)`,
  });
  report.save();
}

await main();
