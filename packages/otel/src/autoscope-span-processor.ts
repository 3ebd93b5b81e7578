import { type AutoscopeConfig, MetricsRegistry } from '@autoscope/core';
import type { ConfigWatch } from '@autoscope/formats';
import type { Context } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import type { ReadableSpan, Span, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { isLocalRoot } from './convert/to-core-span.js';
import { ProcessorMetrics } from './metrics/processor-metrics.js';
import { readConfigFileSync, watchConfig } from './processor/config-reload.js';
import { DecisionTally } from './processor/decision-tally.js';
import { ExportQueue } from './processor/export-queue.js';
import {
  type AutoscopeSpanProcessorOptions,
  type ProcessorLimits,
  resolveLeafClientAttributes,
  resolveLimits,
} from './processor/options.js';
import { type PendingTrace, TraceFifo } from './processor/pending-trace.js';
import { SpanDecider } from './processor/span-decider.js';

const SAMPLED = 1;
/**
 * While traces are buffered, one interval timer ticks every `graceMs`, between these bounds (ms), and each
 * tick decides the traces due by then together. One interval, not a timer armed per due time: in a service
 * every tick used to end with a timer for the next trace's 30 s `maxTraceWaitMs`, replaced (cleared and
 * set again) as soon as a root ended. Deciding a batch back to back keeps the engine's code and
 * statistics warm in the caches, and the larger the batch the less each trace costs: in CPU profiles of
 * the demo's services (three copies side by side, same run), the processor's own CPU (otel + core code)
 * fell by 26% with a 300 ms grid and 40% with 1 s against 100 ms, and a 100 ms grid had cut it by about
 * 40% against 20 ms. A trace waits between `graceMs` and twice `graceMs` (at most `graceMs` + 1 s).
 */
const MIN_TICK_MS = 5;
const MAX_TICK_MS = 1000;
/**
 * Traces with fewer spans are timed together, the run's time shared equally among them in
 * `autoscope_decision_seconds` (a clock read costs about as much as deciding a small trace's export);
 * larger ones are timed one by one.
 */
const TIMED_ALONE = 64;
const STATUS_ERROR = 2;
/**
 * On overflow the oldest traces are decided until this fraction of `maxBufferedSpans` is free again (a
 * sixteenth: 1,250 spans by default), not just one trace: a buffer kept full otherwise overflows at every
 * trace, and each overflow decided one trace between span ends, with the engine's code and statistics
 * out of the caches (deciding a run back to back is what the tick grid does too). Past the limit
 * itself only while the export queue is under half full: the run's kept spans are queued before the
 * queue can export any, and a run of a large buffer's sixteenth overflowed the queue, errors included.
 */
const OVERFLOW_SLACK = 1 / 16;
/** API SpanKind.CLIENT and PRODUCER: spans other processes may hang children under. */
const CLIENT = 2;
const PRODUCER = 3;

/**
 * A SpanProcessor (OpenTelemetry JS SDK 2.x) that keeps every trace but only the spans that matter.
 *
 * `onEnd` only appends the span to a list, sorted into its trace's buffer at the next tick. When a trace's
 * local root ends, the trace is decided `graceMs` later (plus at most `graceMs` again, up to 1 s: one timer
 * decides a batch) on a timer, off the hot path, by the Autoscope engine; the kept spans are queued
 * and exported in batches as BatchSpanProcessor does (`maxExportBatchSize`, `scheduledDelayMillis`,
 * `maxQueueSize`), with the tree intact: a kept span's parent is its nearest kept ancestor, the local
 * root's (remote) parent is untouched, and no exported span points at a span that was not exported.
 * A CLIENT or PRODUCER span is never removed (other processes may have children under it): when the
 * engine drops it, a placeholder (ids, parent, name, kind, times) is exported in its place.
 * Spans that end after their trace was decided follow the decision (they are exported). Past
 * `maxBufferedSpans` the oldest traces are decided early (counted); error spans are always kept.
 * Spans without the sampled flag are ignored, as BatchSpanProcessor does.
 */
export class AutoscopeSpanProcessor implements SpanProcessor {
  /** The metrics, for `createMetricsHandler(processor.metrics.registry)`. */
  readonly metrics: ProcessorMetrics;
  private readonly exporter: SpanExporter;
  private readonly limits: ProcessorLimits;
  private readonly decider: SpanDecider;
  private readonly open = new Map<string, PendingTrace>();
  /** Spans ended since the last tick, not yet in their traces' buffers (see `ingest`). */
  private readonly ended: ReadableSpan[] = [];
  /** When `ingest` last ran (ms, on the processor's clock `monotonicNow`). */
  private ingestedAt = 0;
  /** The latest due time given (ms): due times only grow. */
  private lastDueAt = 0;
  /** The trace of the last span ended: a trace's spans usually end one after the other (no Map lookup). */
  private last: PendingTrace | undefined;
  /** Traces whose local root ended, by due time (see `schedule`: due times only grow). */
  private readonly due = new TraceFifo();
  /** Open traces by first span (for `maxTraceWaitMs` and overflow). */
  private readonly arrivals = new TraceFifo();
  private readonly queue: ExportQueue;
  private readonly tally = new DecisionTally();
  private readonly watch: ConfigWatch | undefined;
  private buffered = 0;
  private ticker: NodeJS.Timeout | undefined;
  private readonly tickMs: number;
  private closed = false;
  /** The shutdown, once begun: later shutdown and forceFlush calls wait for it. */
  private shuttingDown: Promise<void> | undefined;

  constructor(options: AutoscopeSpanProcessorOptions) {
    this.limits = resolveLimits(options);
    // The grid is `graceMs` (a tick decides a batch of traces back to back: cheaper per trace), finer when
    // `maxTraceWaitMs` is shorter, so neither limit is passed by more than a tick or two.
    const grid = Math.min(this.limits.graceMs, this.limits.maxTraceWaitMs);
    this.tickMs = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.round(grid)));
    this.exporter = options.exporter;
    const metrics =
      options.metrics instanceof MetricsRegistry ? { registry: options.metrics } : (options.metrics ?? {});
    this.metrics = new ProcessorMetrics(metrics, () => this.buffered);
    this.queue = new ExportQueue(this.exporter, this.limits, this.metrics, isProtected);
    const config = options.configFile !== undefined ? readConfigFileSync(options.configFile) : options.config;
    this.decider = new SpanDecider(
      config,
      options.engine ?? {},
      this.limits.decidedCacheSize,
      resolveLeafClientAttributes(options),
    );
    this.watch =
      options.configFile === undefined
        ? undefined
        : watchConfig(
            options.configFile,
            (next) => this.applyConfig(next, options.onConfigChange),
            (error) => {
              this.metrics.configErrors(1);
              options.onConfigError?.(error);
            },
          );
  }

  /** Spans held now, waiting for their trace's decision. */
  get bufferedSpans(): number {
    return this.buffered;
  }

  /** The engine's configuration in one line. */
  describe(): string {
    return `AutoscopeSpanProcessor{${this.decider.describe()} graceMs=${this.limits.graceMs} maxBufferedSpans=${this.limits.maxBufferedSpans}}`;
  }

  /** Replaces the configuration (validated); learned statistics are kept unless `sampling` changed. */
  setConfig(config: AutoscopeConfig): void {
    this.decider.setConfig(config);
  }

  onStart(_span: Span, _parentContext: Context): void {}

  /**
   * Only appends the span to one list (the per-trace buffers are filled at the next tick, see `ingest`): in
   * a service each span ends between unrelated request work, with the processor's maps and buffers cold in
   * the caches, and sorting a tick's spans into their traces back to back costs less than one by one.
   */
  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & SAMPLED) === 0) return;
    if (this.closed) {
      this.metrics.dropped(1, 'shutdown');
      return;
    }
    this.ended.push(span);
    if (this.ticker === undefined) this.startTicking();
    if (++this.buffered > this.limits.maxBufferedSpans) this.overflow();
  }

  /**
   * Sorts the spans ended since the last call into their traces. A local root's trace is due `graceMs` after
   * the root ended: its age is read on the SDK's clock (its end time against `wall`, both `Date.now()`-based)
   * when it falls within the time since the last call (at most two ticks); an age outside that window (an end
   * time given by the caller, a clock step, NaN) counts as 0, so such a trace waits the whole grace period
   * from now, never less. Due times and arrivals are on the processor's monotonic clock (`now`), so a step
   * of the wall clock neither stalls decisions (backwards) nor hurries them (forwards).
   */
  private ingest(now: number, wall: number): void {
    const ended = this.ended;
    if (ended.length === 0) return;
    const window = Math.min(2 * this.tickMs, Math.max(0, now - this.ingestedAt));
    this.ingestedAt = now;
    let trace = this.last;
    for (let i = 0; i < ended.length; i++) {
      const span = ended[i]!;
      const traceId = span.spanContext().traceId;
      if (trace === undefined || trace.decided || trace.traceId !== traceId) {
        trace = this.open.get(traceId) ?? this.openTrace(traceId, now);
      }
      trace.spans.push(span);
      // A late trace (its spans follow a decision made) waits `graceMs` after its first span ended.
      if (trace.dueAt === 0 && (trace.late || isLocalRoot(span.parentSpanContext))) {
        const sinceEnd = wall - hrTimeToMilliseconds(span.endTime);
        this.schedule(trace, sinceEnd >= 0 && sinceEnd <= window ? now - sinceEnd : now);
      }
    }
    this.last = trace;
    // Truncated, not replaced: the list keeps its backing store from tick to tick.
    ended.length = 0;
  }

  /**
   * Decides every buffered trace now and waits until the wrapped exporter has every kept span (the export
   * queue takes them all, past `maxQueueSize`), or until one export timed out or `exportTimeoutMillis`
   * passed (see `ExportQueue.drain`).
   */
  async forceFlush(): Promise<void> {
    // After shutdown began, a flush is that shutdown (it must not export past it).
    if (this.shuttingDown !== undefined) return this.shuttingDown;
    this.decideAll();
    await this.queue.drain();
    await this.exporter.forceFlush?.();
  }

  /**
   * Flushes everything, stops the timer and the config watch, and shuts the exporter down. Spans left
   * queued after an export timed out are counted as export failures.
   */
  shutdown(): Promise<void> {
    this.shuttingDown ??= this.shutdownOnce();
    return this.shuttingDown;
  }

  private async shutdownOnce(): Promise<void> {
    this.decideAll();
    this.closed = true;
    this.watch?.close();
    this.stopTicking();
    this.queue.close();
    await this.queue.drain();
    this.queue.abandon();
    await this.exporter.shutdown();
  }

  private openTrace(traceId: string, now: number): PendingTrace {
    const trace: PendingTrace = {
      traceId,
      spans: [],
      firstSeen: now,
      late: this.decider.wasDecided(traceId),
      dueAt: 0,
      decided: false,
    };
    this.open.set(traceId, trace);
    this.arrivals.push(trace);
    return trace;
  }

  /** Due `graceMs` after `ended`, never before a trace scheduled earlier (the due queue stays in order). */
  private schedule(trace: PendingTrace, ended: number): void {
    const dueAt = Math.max(ended + this.limits.graceMs, this.lastDueAt);
    trace.dueAt = this.lastDueAt = dueAt;
    this.due.push(trace);
  }

  private startTicking(): void {
    if (this.closed) return;
    // Every span ingested at the first tick ended after this (see `ingest`).
    this.ingestedAt = monotonicNow();
    this.ticker = setInterval(() => this.tick(), this.tickMs);
    this.ticker.unref();
  }

  private stopTicking(): void {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  /** Decides the traces due and those past `maxTraceWaitMs`; stops ticking once nothing is buffered. */
  private tick(): void {
    const now = monotonicNow();
    this.ingest(now, Date.now());
    const wait = this.limits.maxTraceWaitMs;
    // A tick decides up to a grid step of traces at once. Their kept spans all join the export queue when it
    // was within `maxQueueSize` before the tick (cutting the burst at the limit would export orphans); they
    // are spans already held (at most `maxBufferedSpans`), so the queue stays bounded, and a queue still past
    // its limit at the next tick (an exporter that does not keep up) refuses spans by `ExportQueue.add`'s rule.
    this.queue.unbounded = this.queue.size < this.limits.maxQueueSize;
    try {
      this.decideEach(this.due.takeWhile((t) => t.dueAt <= now));
      this.decideEach(this.arrivals.takeWhile((t) => t.firstSeen + wait <= now));
    } finally {
      this.queue.unbounded = false;
    }
    this.queue.kick();
    if (this.open.size === 0 && this.ended.length === 0) this.stopTicking();
  }

  private overflow(): void {
    this.ingest(monotonicNow(), Date.now());
    const start = performance.now();
    const max = this.limits.maxBufferedSpans;
    const lowWater = max - Math.floor(max * OVERFLOW_SLACK);
    const queueRoom = this.limits.maxQueueSize / 2;
    let decided = 0;
    while (this.buffered > lowWater) {
      // Past the limit always; the slack only while the export queue has room for the kept spans.
      if (this.buffered <= max && this.queue.size >= queueRoom) break;
      const oldest = this.arrivals.first();
      if (oldest === undefined) break;
      this.decide(oldest);
      decided++;
    }
    if (decided > 0) {
      this.shareDecisionTime(performance.now() - start, decided);
      this.metrics.overflow(decided);
    }
    this.decider.settle();
    this.tally.flush(this.metrics);
    this.queue.kick();
  }

  /** Decides every buffered trace; the export queue takes all their kept spans (see `ExportQueue.unbounded`). */
  private decideAll(): void {
    this.ingest(monotonicNow(), Date.now());
    this.queue.unbounded = true;
    try {
      this.decideEach([...this.open.values()]);
    } finally {
      this.queue.unbounded = false;
    }
    this.due.clear();
    this.arrivals.clear();
    this.stopTicking();
  }

  /**
   * Decides traces one after the other, then writes the run's counts to the metrics. Small traces are
   * timed as a run (see TIMED_ALONE), larger ones one by one.
   */
  private decideEach(traces: readonly PendingTrace[]): void {
    let start = performance.now();
    let small = 0;
    for (let i = 0; i < traces.length; i++) {
      const trace = traces[i]!;
      if (trace.spans.length < TIMED_ALONE) {
        this.decide(trace);
        small++;
        continue;
      }
      const before = performance.now();
      if (small > 0) this.shareDecisionTime(before - start, small);
      small = 0;
      this.decide(trace);
      start = performance.now();
      this.metrics.decision((start - before) / 1000);
    }
    if (small > 0) this.shareDecisionTime(performance.now() - start, small);
    this.decider.settle();
    this.tally.flush(this.metrics);
  }

  private shareDecisionTime(ms: number, traces: number): void {
    const each = ms / 1000 / traces;
    for (let i = 0; i < traces; i++) this.metrics.decision(each);
  }

  /** Decides one trace and queues its kept spans (counted in `this.tally`). */
  private decide(trace: PendingTrace): void {
    trace.decided = true;
    this.open.delete(trace.traceId);
    this.buffered -= trace.spans.length;
    try {
      this.decider.decide(trace.traceId, trace.spans, trace.late, this.tally, this.queue);
    } catch {
      // A decision that throws (a bug) must not lose the trace: it is exported whole, as it came.
      this.decider.abandon();
      const spans = trace.spans;
      for (let i = 0; i < spans.length; i++) this.queue.add(spans[i]!);
      this.tally.sampled += spans.length;
      this.metrics.decisionErrors(1);
    }
    // The queues may still hold the trace until it reaches their front: they must not hold its spans.
    // (Truncated, not replaced: a frozen shared empty list here made the processor's local traces cost
    // about twice as much once a process had overflowed, in the otel-processor bench.)
    trace.spans.length = 0;
  }

  private applyConfig(
    config: AutoscopeConfig,
    notify: ((config: AutoscopeConfig) => void) | undefined,
  ): void {
    this.decider.setConfig(config);
    this.metrics.configReloads(1);
    notify?.(config);
  }
}

/**
 * The processor's clock for due times and arrivals (ms): monotonic (`performance.now()`), where
 * `Date.now()` steps with the wall clock (NTP, a resumed VM): a backward step of an hour used to hold every
 * trace for that hour (due times never go back), a forward one decided open traces at once.
 */
function monotonicNow(): number {
  return performance.now();
}

/** Spans the export queue admits past `maxQueueSize`: errors, and spans with possible remote children. */
function isProtected(span: ReadableSpan): boolean {
  return span.status.code === STATUS_ERROR || span.kind === CLIENT || span.kind === PRODUCER;
}
