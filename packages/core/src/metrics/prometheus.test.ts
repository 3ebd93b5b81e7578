import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../errors.js';
import { formatValue, renderPrometheus } from './prometheus.js';
import { MetricsRegistry } from './registry.js';

describe('renderPrometheus', () => {
  it('renders counters, gauges and histograms in the 0.0.4 text format (golden)', () => {
    const registry = new MetricsRegistry();
    const sampled = registry.counter({ name: 'autoscope_sampled_spans_total', help: 'Spans exported.' });
    const dropped = registry.counter({
      name: 'autoscope_dropped_spans_total',
      help: 'Spans dropped, by reason.',
      labelNames: ['reason'],
    });
    let buffered = 7;
    registry.gauge({ name: 'autoscope_buffered_spans', help: 'Spans held.', collect: () => buffered });
    const decision = registry.histogram({
      name: 'autoscope_decision_seconds',
      help: 'Decision time.',
      buckets: [0.001, 0.01, 0.1],
    });
    sampled.inc(3);
    dropped.child({ reason: 'normal' }).inc(5);
    dropped.inc(2, { reason: 'repeat' });
    decision.observe(0.0005);
    decision.observe(0.005);
    decision.observe(0.005);
    decision.observe(5);
    buffered = 11;
    expect(renderPrometheus(registry)).toBe(
      [
        '# HELP autoscope_sampled_spans_total Spans exported.',
        '# TYPE autoscope_sampled_spans_total counter',
        'autoscope_sampled_spans_total 3',
        '# HELP autoscope_dropped_spans_total Spans dropped, by reason.',
        '# TYPE autoscope_dropped_spans_total counter',
        'autoscope_dropped_spans_total{reason="normal"} 5',
        'autoscope_dropped_spans_total{reason="repeat"} 2',
        '# HELP autoscope_buffered_spans Spans held.',
        '# TYPE autoscope_buffered_spans gauge',
        'autoscope_buffered_spans 11',
        '# HELP autoscope_decision_seconds Decision time.',
        '# TYPE autoscope_decision_seconds histogram',
        'autoscope_decision_seconds_bucket{le="0.001"} 1',
        'autoscope_decision_seconds_bucket{le="0.01"} 3',
        'autoscope_decision_seconds_bucket{le="0.1"} 3',
        'autoscope_decision_seconds_bucket{le="+Inf"} 4',
        'autoscope_decision_seconds_sum 5.0105',
        'autoscope_decision_seconds_count 4',
        '',
      ].join('\n'),
    );
  });

  it('escapes help text and label values, and renders several labels with le last', () => {
    const registry = new MetricsRegistry();
    registry
      .counter({ name: 'x_total', help: 'a\\b\nc', labelNames: ['a', 'b'] })
      .inc(1, { a: 'q"u\\o\nte', b: '' });
    registry.histogram({ name: 'h', help: 'h', buckets: [1], labelNames: ['svc'] }).observe(1, { svc: 's' });
    expect(renderPrometheus(registry)).toBe(
      [
        '# HELP x_total a\\\\b\\nc',
        '# TYPE x_total counter',
        'x_total{a="q\\"u\\\\o\\nte",b=""} 1',
        '# HELP h h',
        '# TYPE h histogram',
        'h_bucket{svc="s",le="1"} 1',
        'h_bucket{svc="s",le="+Inf"} 1',
        'h_sum{svc="s"} 1',
        'h_count{svc="s"} 1',
        '',
      ].join('\n'),
    );
  });

  it('renders an empty registry as empty text and a metric with no series as its header only', () => {
    const registry = new MetricsRegistry();
    expect(renderPrometheus(registry)).toBe('');
    registry.counter({ name: 'c_total', help: 'c', labelNames: ['r'] });
    expect(renderPrometheus(registry)).toBe('# HELP c_total c\n# TYPE c_total counter\n');
  });

  it('formats special values as Prometheus does', () => {
    expect([NaN, Infinity, -Infinity, 0.1, 1e21, -0].map(formatValue)).toEqual([
      'NaN',
      '+Inf',
      '-Inf',
      '0.1',
      '1e+21',
      '0',
    ]);
  });
});

describe('MetricsRegistry', () => {
  it('returns the same metric for the same definition and rejects a conflicting one', () => {
    const registry = new MetricsRegistry();
    const a = registry.counter({ name: 'n_total', help: 'n', labelNames: ['r'] });
    expect(registry.counter({ name: 'n_total', help: 'other', labelNames: ['r'] })).toBe(a);
    expect(() => registry.gauge({ name: 'n_total', help: 'n', labelNames: ['r'] })).toThrow(
      InvalidOptionError,
    );
    expect(() => registry.counter({ name: 'n_total', help: 'n' })).toThrow(/already registered/);
  });

  it('rejects bad names, labels and buckets with the option named', () => {
    const registry = new MetricsRegistry();
    expect(() => registry.counter({ name: '1bad', help: '' })).toThrow(/option name/);
    expect(() => registry.counter({ name: 'ok', help: '', labelNames: ['__x'] })).toThrow(/labelNames/);
    expect(() => registry.counter({ name: 'ok2', help: '', labelNames: ['a', 'a'] })).toThrow(/labelNames/);
    expect(() => registry.histogram({ name: 'h1', help: '', buckets: [], labelNames: [] })).toThrow(
      /buckets/,
    );
    expect(() => registry.histogram({ name: 'h2', help: '', buckets: [2, 1] })).toThrow(/buckets/);
    expect(() => registry.histogram({ name: 'h3', help: '', buckets: [1, NaN] })).toThrow(/buckets/);
    expect(() => registry.histogram({ name: 'h4', help: '', buckets: [1], labelNames: ['le'] })).toThrow(
      /reserved/,
    );
    const c = registry.counter({ name: 'c_total', help: '', labelNames: ['reason'] });
    expect(() => c.inc(1, { nope: 'x' })).toThrow(/no label "nope"/);
  });

  it('ignores hostile counter increments and NaN observations, counts infinities in +Inf', () => {
    const registry = new MetricsRegistry();
    const c = registry.counter({ name: 'c_total', help: '' });
    c.inc(-1);
    c.inc(NaN);
    c.inc(Infinity);
    c.inc();
    expect(c.get()).toBe(1);
    const h = registry.histogram({ name: 'h', help: '', buckets: [1] });
    h.observe(NaN);
    h.observe(Infinity);
    const series = h.child();
    expect([...series.counts]).toEqual([0, 1]);
    expect(series.count).toBe(1);
  });

  it('keeps the last gauge value when its collector throws', () => {
    const registry = new MetricsRegistry();
    let fail = false;
    const g = registry.gauge({
      name: 'g',
      help: '',
      collect: () => {
        if (fail) throw new Error('boom');
        return 4;
      },
    });
    expect(g.get()).toBe(4);
    fail = true;
    expect(renderPrometheus(registry)).toContain('\ng 4\n');
  });
});
