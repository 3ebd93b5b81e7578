import {
  type Counter,
  type HistogramSeries,
  type Labels,
  MetricsRegistry,
  renderPrometheus,
  type SamplingSummary,
} from '@autoscope/core';
import type { FlowCounters } from '../flow/flow-counters.js';
import type { FlowState } from '../flow/span-flow.js';
import { INGEST_SECONDS_BUCKETS, type ReceiverStats } from '../receivers/receiver-stats.js';

/** What the metrics are read from, at each scrape. */
export interface MetricsView {
  readonly counters: FlowCounters;
  state(): FlowState;
  readonly receivers: ReceiverStats;
  summary(): SamplingSummary;
  inflightRequestBytes(): number;
}

const P = 'autoscope_gateway_';

/**
 * The gateway's Prometheus metrics. The hot path only bumps plain numbers; a scrape copies them into the
 * registry and renders it, so metrics cost nothing between scrapes.
 */
export function createGatewayMetrics(view: MetricsView): { render(): string } {
  const registry = new MetricsRegistry();
  const c = (name: string, help: string, labelNames: readonly string[] = []) =>
    registry.counter({ name: P + name, help, labelNames });
  const requests = c('requests_total', 'Export requests by transport and outcome', ['transport', 'outcome']);
  const received = c('received_spans_total', 'Spans in export requests by transport and outcome', [
    'transport',
    'outcome',
  ]);
  const refused = c('refused_spans_total', 'Spans refused with 429/503 by reason', ['reason']);
  const rejected = c(
    'rejected_spans_total',
    'Spans rejected inside accepted requests (OTLP partial success) by reason',
    ['reason'],
  );
  const ingest = registry.histogram({
    name: `${P}ingest_seconds`,
    help: 'Time from receiving an export request to answering it (log written), by transport',
    buckets: INGEST_SECONDS_BUCKETS,
    labelNames: ['transport'],
  });
  const sampled = c('sampled_spans_total', 'Spans decided by the sampler, by decision and reason', [
    'decision',
    'reason',
  ]);
  const flat: [Counter, () => number][] = [
    [
      c('accepted_spans_total', 'Spans written to the log and acknowledged'),
      () => view.counters.acceptedSpans,
    ],
    [c('accepted_requests_total', 'Requests written to the log'), () => view.counters.acceptedRecords],
    [c('exported_spans_total', 'Spans accepted by the downstream'), () => view.counters.exportedSpans],
    [c('export_requests_total', 'Requests accepted by the downstream'), () => view.counters.exportRequests],
    [c('export_failed_spans_total', 'Spans the exporter gave up on'), () => view.counters.exportFailedSpans],
    [
      c('spilled_requests_total', 'Requests left in the log while memory was full'),
      () => view.counters.spilledRecords,
    ],
    [c('replayed_requests_total', 'Requests read back from the log'), () => view.counters.replayedRecords],
    [
      c('corrupt_log_records_total', 'Log records that could not be decoded'),
      () => view.counters.corruptRecords,
    ],
    [c('sampler_errors_total', 'Traces the sampler failed on'), () => view.counters.decideErrors],
    [
      c('undecodable_spans_total', 'Buffered spans that failed to decode when decided (dropped)'),
      () => view.counters.undecodableSpans,
    ],
    [c('traces_decided_total', 'Traces decided'), () => view.summary().traces],
    [
      c('late_spans_total', 'Spans that arrived after their trace was decided'),
      () => view.summary().lateSpans,
    ],
  ];
  const gauges: [string, string, () => number][] = [
    ['buffered_bytes', 'Encoded bytes of requests held in memory', () => view.state().bufferedBytes],
    ['buffered_spans', 'Spans waiting for their trace to complete', () => view.state().bufferedSpans],
    ['open_traces', 'Traces waiting for a decision', () => view.state().openTraces],
    ['spilling', '1 while new requests wait in the log only', () => Number(view.state().spilling)],
    ['log_bytes', 'Bytes used by the write-ahead log', () => view.state().logBytes],
    ['export_queue_bytes', 'Bytes queued for the downstream', () => view.state().exportQueueBytes],
    ['export_inflight_requests', 'Downstream requests in flight', () => view.state().exportInflight],
    ['inflight_request_bytes', 'Bytes of incoming requests being decoded', () => view.inflightRequestBytes()],
  ];
  for (const [name, help, collect] of gauges) registry.gauge({ name: P + name, help, collect });
  return {
    render() {
      for (const [counter, read] of flat) sync(counter, undefined, read());
      for (const [reason, value] of Object.entries(view.counters.refusedSpans))
        sync(refused, { reason }, value);
      for (const [reason, value] of Object.entries(view.counters.rejectedSpans))
        sync(rejected, { reason }, value);
      for (const [transport, series] of Object.entries(view.receivers.ingestSeconds))
        copySeries(series, ingest.child({ transport }));
      syncKeyed(requests, view.receivers.requests);
      syncKeyed(received, view.receivers.spans);
      const summary = view.summary();
      for (const [reason, n] of Object.entries(summary.kept)) sync(sampled, { decision: 'kept', reason }, n);
      for (const [reason, n] of Object.entries(summary.dropped))
        sync(sampled, { decision: 'dropped', reason }, n);
      return renderPrometheus(registry);
    },
  };
}

function copySeries(from: HistogramSeries, to: HistogramSeries): void {
  to.counts.set(from.counts);
  to.sum = from.sum;
  to.count = from.count;
}

function sync(counter: Counter, labels: Labels | undefined, value: number): void {
  const child = counter.child(labels);
  child.inc(value - child.get());
}

function syncKeyed(counter: Counter, values: ReadonlyMap<string, number>): void {
  for (const [key, value] of values) {
    const [transport = '', outcome = ''] = key.split(' ');
    sync(counter, { transport, outcome }, value);
  }
}
