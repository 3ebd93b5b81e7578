import type { SamplingPipeline } from '@autoscope/core';
import { HeldRecords } from '../buffer/held-records.js';
import { scanTraceRequest } from '../buffer/scan-request.js';
import type { ScannedRequest } from '../buffer/scanned-request.js';
import { TraceBuffer } from '../buffer/trace-buffer.js';
import type { LogRecord, SpanLog, TraceExporter } from '../contracts.js';
import { GatewayOverloadedError } from '../errors.js';
import type { GatewayLogger } from '../logging/logger.js';
import { type AdmittedRequest, admitRequest } from './admit-request.js';
import { ExportBatcher } from './export-batcher.js';
import { type FlowCounters, newFlowCounters } from './flow-counters.js';
import type { FlowOptions } from './flow-options.js';
import { TraceDecider } from './trace-decider.js';

/** What the flow runs on; time is passed in (milliseconds, monotonic). */
export interface FlowDependencies {
  readonly log: SpanLog;
  readonly exporter: TraceExporter;
  readonly pipeline: SamplingPipeline;
  readonly now: () => number;
  readonly logger: GatewayLogger;
}

/** A point-in-time view of the flow, for `/metrics` and `/readyz`. */
export interface FlowState {
  readonly bufferedBytes: number;
  readonly bufferedSpans: number;
  readonly openTraces: number;
  readonly heldRecords: number;
  readonly spilling: boolean;
  readonly logBytes: number;
  readonly exportQueueBytes: number;
  readonly exportInflight: number;
}

/** What became of the spans of one accepted request. */
export interface IngestResult {
  /** Spans written to the log. */
  readonly accepted: number;
  /** Spans rejected inside the request (OTLP partial success), and why. */
  readonly rejected: number;
  readonly message: string;
}

/** Catch-up resumes loading from the log once memory is below this share of its limits. */
const RESUME_SHARE = 0.8;

/**
 * The gateway's data flow: accepted requests go to the log (the caller acknowledges only after `accept`
 * resolves), then to trace assembly, the sampling pipeline and the exporter; a log record is released once
 * every span of it is exported or dropped by the sampler. Buffered spans stay in their encoded form (the
 * request bytes and a small index); a trace's spans are decoded only when it is decided.
 *
 * When memory or the exporter queue is full, or at start while the log still holds records of an earlier
 * run, new records stay in the log only ("spilling") and a catch-up loop reads them back in order as room
 * appears. A downstream outage therefore fills the log, not memory; a full log refuses new data.
 *
 * An empty marker record written at start separates records of earlier runs from this run's.
 */
export class SpanFlow {
  readonly counters: FlowCounters = newFlowCounters();
  /** The sampling pipeline; replaced on a config reload that changes output options. */
  pipeline: SamplingPipeline;
  private readonly options: FlowOptions;
  private readonly deps: FlowDependencies;
  private readonly assembler: TraceBuffer;
  private readonly records: HeldRecords;
  private readonly batcher: ExportBatcher;
  private readonly spilled = new Set<bigint>();
  private spilling = true;
  private catchingUp = false;
  private cursor = 0n;
  private marker = 0n;
  private closing = false;
  private readonly decider: TraceDecider;
  private timer: ReturnType<typeof setInterval> | undefined;

  private constructor(options: FlowOptions, deps: FlowDependencies) {
    this.options = options;
    this.deps = deps;
    this.pipeline = deps.pipeline;
    this.assembler = new TraceBuffer({
      idle: options.decisionWaitMs,
      maxWait: options.maxWaitMs,
      maxSpans: options.maxBufferedSpans,
      decidedCacheSize: options.decidedCacheSize,
      maxSpansPerTrace: options.maxSpansPerTrace,
    });
    this.records = new HeldRecords(deps.log);
    this.batcher = new ExportBatcher(deps.exporter, options.exportBatchSpans, {
      settled: (input, exported) => this.onExported(input, exported),
      failed: (input, lost, error) => this.onExportFailed(input, lost, error),
    });
    this.decider = new TraceDecider({
      records: this.records,
      assembler: this.assembler,
      batcher: this.batcher,
      counters: this.counters,
      logger: deps.logger,
      pipeline: () => this.pipeline,
    });
  }

  /** Starts the flow: writes the start marker, then reads back what earlier runs left in the log. */
  static async start(options: FlowOptions, deps: FlowDependencies): Promise<SpanFlow> {
    const flow = new SpanFlow(options, deps);
    flow.marker = await deps.log.append(new Uint8Array(0));
    deps.log.release(flow.marker);
    flow.timer = setInterval(() => flow.tick(), options.tickMs);
    flow.timer.unref();
    void flow.runCatchUp();
    return flow;
  }

  /**
   * Accepts one scanned request. Spans with invalid ids, over the per-trace limit or of a trace decided
   * with nothing exported are rejected (partial success); the rest are written to the log. Resolves once
   * they are in the log; rejects with `GatewayOverloadedError` when the log is full or the flow stops.
   */
  async accept(scanned: ScannedRequest): Promise<IngestResult> {
    if (this.closing) throw this.refuse('shutdown', scanned.count, 'the gateway is shutting down');
    const admitted = admitRequest(scanned, this.assembler.admit(scanned));
    const request = admitted.request;
    if (request.count > 0) await this.append(request);
    this.countRejected(admitted);
    return { accepted: request.count, rejected: admitted.rejected, message: admitted.message };
  }

  private async append(request: ScannedRequest): Promise<void> {
    let seq: bigint;
    try {
      seq = await this.deps.log.append(request.bytes);
    } catch (error) {
      this.deps.logger.debug('log append refused', { error });
      throw this.refuse('log', request.count, `write-ahead log refused the request: ${errorText(error)}`);
    }
    this.counters.acceptedSpans += request.count;
    this.counters.acceptedRecords++;
    if (!this.spilling && !this.hasRoom(1)) this.startSpill(seq);
    if (this.spilling) {
      this.spilled.add(seq);
      this.counters.spilledRecords++;
      return;
    }
    this.load(seq, request);
  }

  private countRejected(admitted: AdmittedRequest): void {
    const r = this.counters.rejectedSpans;
    r.invalid += admitted.invalid;
    r.trace_limit += admitted.overTraceLimit;
    r.trace_dropped += admitted.traceDropped;
  }

  /** True while new records stay in the log only (memory or exporter full, or catching up after a start). */
  get isSpilling(): boolean {
    return this.spilling;
  }

  /** A point-in-time view of buffers and queues. */
  state(): FlowState {
    return {
      bufferedBytes: this.records.bufferedBytes,
      bufferedSpans: this.assembler.heldSpans + this.decider.pendingSpans,
      openTraces: this.assembler.openTraces,
      heldRecords: this.records.heldRecords,
      spilling: this.spilling,
      logBytes: this.deps.log.usedBytes,
      exportQueueBytes: this.batcher.pendingBytes,
      exportInflight: this.batcher.inflightRequests,
    };
  }

  /**
   * Stops: decides every trace in memory, exports, releases, waits up to `timeoutMs` for the backend, shuts
   * the exporter down and closes the log. Records not yet read back stay in the log for the next start.
   */
  async shutdown(timeoutMs: number): Promise<void> {
    this.closing = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.decider.drainNow();
    this.decider.decide(this.assembler.flush());
    this.batcher.flush();
    const drained = await raceTimeout(this.batcher.drain(), timeoutMs);
    if (!drained) this.deps.logger.warn('shutdown: exports still pending at the timeout; left in the log');
    this.batcher.stopping = true;
    await this.deps.exporter.shutdown();
    await this.deps.log.close();
  }

  private tick(): void {
    this.decider.enqueue(this.assembler.poll(this.deps.now()));
    this.batcher.flush();
  }

  private load(seq: bigint, request: ScannedRequest): void {
    const base = this.records.hold(seq, request);
    if (base >= 0) this.decider.decide(this.assembler.add(request, base, this.deps.now()));
  }

  private onExported(input: readonly number[], exported: number): void {
    if (exported > 0) {
      this.counters.exportedSpans += exported;
      this.counters.exportRequests++;
    }
    this.records.settle(input);
  }

  private onExportFailed(input: readonly number[], lost: number, error: unknown): void {
    this.counters.exportFailedSpans += lost;
    this.deps.logger.error('export failed permanently; spans lost downstream', { spans: lost, error });
    this.records.settle(input);
  }

  private hasRoom(share: number): boolean {
    const o = this.options;
    return (
      this.records.bufferedBytes < o.maxBufferedBytes * share &&
      this.assembler.heldSpans + this.decider.pendingSpans < o.maxBufferedSpans * share &&
      this.batcher.pendingBytes < o.maxExportQueueBytes * share
    );
  }

  private startSpill(seq: bigint): void {
    this.spilling = true;
    this.cursor = seq;
    this.deps.logger.info('memory or exporter full: new requests go to the log only until it catches up', {
      state: this.state(),
    });
    if (!this.catchingUp) void this.runCatchUp();
  }

  /** Reads spilled (and earlier runs') records back in order until none is left, then stops spilling. */
  private async runCatchUp(): Promise<void> {
    this.catchingUp = true;
    let done = false;
    while (!done && !this.closing) done = await this.catchUpPass();
  }

  /** One pass over the log from the cursor; true when spilling is over. */
  private async catchUpPass(): Promise<boolean> {
    try {
      for await (const record of this.deps.log.replay(this.cursor)) {
        if (!(await this.readBack(record))) return false;
      }
    } catch (error) {
      this.deps.logger.error('reading the log back failed; retrying', { error });
      await sleep(this.options.tickMs * 10);
      return false;
    }
    if (this.spilled.size === 0) {
      // Synchronous with the check: a record resolving from now on is loaded directly.
      this.spilling = false;
      this.catchingUp = false;
      this.deps.logger.info('caught up with the log', { state: this.state() });
      return true;
    }
    const lowest = minOf(this.spilled);
    if (lowest < this.cursor) this.cursor = lowest;
    else await sleep(this.options.tickMs);
    return false;
  }

  /** Loads one record read back, waiting for room first; false when the flow is closing. */
  private async readBack(record: LogRecord): Promise<boolean> {
    const { seq } = record;
    const ours = seq < this.marker || (seq > this.marker && this.spilled.has(seq));
    if (!ours) {
      if (seq >= this.cursor) this.cursor = seq + 1n;
      return true;
    }
    while (!this.hasRoom(RESUME_SHARE)) {
      if (this.closing) return false;
      await sleep(this.options.tickMs);
    }
    if (this.closing) return false;
    this.spilled.delete(seq);
    this.cursor = seq + 1n;
    this.counters.replayedRecords++;
    const scanned = this.scanRecord(record);
    if (scanned === undefined) this.deps.log.release(seq);
    else this.load(seq, scanned);
    return true;
  }

  private scanRecord(record: LogRecord): ScannedRequest | undefined {
    try {
      return scanTraceRequest(record.payload, `write-ahead log record ${record.seq}`);
    } catch (error) {
      if (this.counters.corruptRecords++ === 0)
        this.deps.logger.error('undecodable log record released', { seq: record.seq, error });
      return undefined;
    }
  }

  private refuse(
    kind: 'memory' | 'log' | 'shutdown',
    spans: number,
    message: string,
  ): GatewayOverloadedError {
    this.counters.refusedSpans[kind] += spans;
    return new GatewayOverloadedError(kind, kind === 'log' ? 5 : 1, message);
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function minOf(values: Iterable<bigint>): bigint {
  let min: bigint | undefined;
  for (const v of values) if (min === undefined || v < min) min = v;
  return min ?? 0n;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function raceTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const result = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return result;
}
