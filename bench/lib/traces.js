/**
 * Realistic traces for the benchmarks: the TrainTicket CSV traces (Nezha dataset) grouped by trace id
 * when the dataset is present, else a seeded synthetic microservice workload of the same shape.
 */
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeResource, makeScope, makeSpan, mulberry32, StatusCode, stringAttr } from '@autoscope/core';
import { readCsvTraces } from '@autoscope/formats';

/** Gap between the copies `copiesOf` makes, after the base traces' time range (ns). */
const COPY_GAP_NANOS = 60_000_000_000n;

/**
 * `factor` copies of the traces, copy after copy, as new traffic would look: copy k gets trace ids
 * prefixed with k (8 hex digits) and its times shifted by k × `copyShift(traces)`. Copy 0 is the traces
 * as they are, but for the prefix. Yields `{ spans }` one trace at a time (copies are made lazily).
 */
export function* copiesOf(traces, factor) {
  const shift = copyShift(traces);
  for (let k = 0; k < factor; k++) {
    const prefix = k.toString(16).padStart(8, '0');
    const offset = BigInt(k) * shift;
    for (const trace of traces) yield { spans: trace.spans.map((s) => copySpan(s, prefix, offset)) };
  }
}

/** The time shift between two copies of `copiesOf`: the traces' time range plus a minute. */
export function copyShift(traces) {
  let min;
  let max;
  for (const trace of traces) {
    for (const span of trace.spans) {
      if (min === undefined || span.startTimeUnixNano < min) min = span.startTimeUnixNano;
      if (max === undefined || span.endTimeUnixNano > max) max = span.endTimeUnixNano;
    }
  }
  return max - min + COPY_GAP_NANOS;
}

function copySpan(span, prefix, offset) {
  return {
    ...span,
    traceId: prefix + span.traceId.slice(8),
    startTimeUnixNano: span.startTimeUnixNano + offset,
    endTimeUnixNano: span.endTimeUnixNano + offset,
  };
}

/** Repository root (bench/lib/../..). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The TrainTicket trace folder, relative to the repository root. */
export const TRAINTICKET_DIR = join(
  REPO_ROOT,
  '..',
  'shared',
  'datasets',
  'nezha-trainticket',
  'rca_data',
  '2023-01-29',
  'trace',
);

/**
 * Loads traces: `{ source, traces }` where `traces` is `{ traceId, spans }[]` ordered by first span start.
 * `maxSpans` stops after about that many spans (whole traces only); `forceSynthetic` skips the dataset.
 */
export async function loadTraces({ maxSpans = Number.POSITIVE_INFINITY, forceSynthetic = false } = {}) {
  if (!forceSynthetic && existsSync(TRAINTICKET_DIR)) {
    const traces = await readTrainTicket(maxSpans);
    return { source: `TrainTicket CSV (${relative(REPO_ROOT, TRAINTICKET_DIR)})`, traces };
  }
  const total = Number.isFinite(maxSpans) ? maxSpans : 330_000;
  return {
    source: 'synthetic (seeded generator, TrainTicket dataset absent)',
    traces: syntheticTraces(total),
  };
}

async function readTrainTicket(maxSpans) {
  const byTrace = new Map();
  let spans = 0;
  for await (const batch of readCsvTraces(TRAINTICKET_DIR)) {
    for (const span of batch) {
      let list = byTrace.get(span.traceId);
      if (list === undefined) {
        if (spans >= maxSpans) continue;
        list = [];
        byTrace.set(span.traceId, list);
      }
      list.push(span);
      spans++;
    }
  }
  const traces = [...byTrace].map(([traceId, list]) => ({ traceId, spans: list }));
  return traces.sort((a, b) => compareBig(firstStart(a), firstStart(b)));
}

function firstStart(trace) {
  let min = trace.spans[0].startTimeUnixNano;
  for (const span of trace.spans) if (span.startTimeUnixNano < min) min = span.startTimeUnixNano;
  return min;
}

function compareBig(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Counts the spans of a list of traces. */
export function spanCount(traces) {
  let n = 0;
  for (const trace of traces) n += trace.spans.length;
  return n;
}

/** A seeded PRNG (mulberry32) returning floats in [0, 1). */
export const prng = mulberry32;

const SERVICES = [
  'gateway',
  'order',
  'travel',
  'route',
  'price',
  'seat',
  'user',
  'auth',
  'payment',
  'station',
];
const SCOPE = makeScope('bench.synthetic');

/**
 * Synthetic TrainTicket-like traces: a gateway root fanning out through 2-4 levels of services, repeated
 * sibling calls, lognormal durations, 1% error spans; about `totalSpans` spans, deterministic for a seed.
 */
export function syntheticTraces(totalSpans, seed = 42) {
  const random = prng(seed);
  const resources = SERVICES.map((s) => makeResource([stringAttr('service.name', `ts-${s}-service`)]));
  const traces = [];
  let spans = 0;
  let clock = 1_674_981_768_000_000_000n;
  for (let t = 0; spans < totalSpans; t++) {
    const traceId = hex(t, 32);
    const list = [];
    const ctx = { random, resources, traceId, list, nextId: 1 };
    addSpan(ctx, '', 0, clock, 3);
    traces.push({ traceId, spans: list });
    spans += list.length;
    clock += 5_000_000n + BigInt(Math.floor(random() * 20_000_000));
  }
  return traces;
}

function addSpan(ctx, parentSpanId, service, start, depth) {
  const { random } = ctx;
  const spanId = hex(ctx.list.length + ctx.nextId * 7919, 16);
  ctx.nextId++;
  const duration = BigInt(Math.floor(Math.exp(11 + random() * 1.5 + (random() < 0.01 ? 3 : 0))));
  const index = ctx.list.length;
  ctx.list.push(undefined);
  let childStart = start + 1000n;
  const fanout = depth === 0 ? 0 : 1 + Math.floor(random() * (depth + 2));
  for (let c = 0; c < fanout; c++) {
    const child = 1 + ((service * 3 + c + (random() < 0.1 ? 1 : 0)) % (SERVICES.length - 1));
    childStart = addSpan(ctx, spanId, child, childStart, depth - 1) + 1000n;
  }
  const end = childStart > start + duration ? childStart : start + duration;
  const error = random() < 0.01;
  ctx.list[index] = makeSpan({
    traceId: ctx.traceId,
    spanId,
    parentSpanId,
    name: `${SERVICES[service]}.op${depth}${fanout > 3 ? 'x' : ''}`,
    kind: 2,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes: [stringAttr('http.method', 'GET')],
    status: error ? { code: StatusCode.ERROR, message: 'boom' } : { code: StatusCode.UNSET, message: '' },
    resource: ctx.resources[service],
    scope: SCOPE,
  });
  return end;
}

function hex(n, width) {
  return (n + 1).toString(16).padStart(width, '0').slice(-width);
}
