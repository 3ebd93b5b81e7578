import { describe, expect, it } from 'vitest';
import type { EvalReport, SamplerResult } from '../results.js';
import { renderHtmlReport } from './render.js';
import {
  buildEvalReport,
  buildMinimalReport,
  FIXTURE_BUDGETS,
  FIXTURE_FAULT_TYPES,
  FIXTURE_SAMPLERS,
  fixtureResult,
} from './test/fixture.js';

const ALLOWED_TAGS = new Set(
  'html head meta title style body header h1 h2 dl div dt dd p code main section table caption thead tbody tr th td small span strong ul li figure figcaption svg desc g line text tspan path circle rect'.split(
    ' ',
  ),
);

function count(haystack: string, needle: string | RegExp): number {
  return haystack.split(needle).length - 1;
}

function tagsIn(page: string): Set<string> {
  return new Set([...page.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => (m[1] ?? '').toLowerCase()));
}

function rowOf(page: string, sampler: string): string {
  const start = page.indexOf(`data-sampler="${sampler}">`, page.indexOf('<table class="results"'));
  return page.slice(start, page.indexOf('</tr>', start));
}

describe('renderHtmlReport', () => {
  const page = renderHtmlReport(buildEvalReport());

  it('is one self-contained page: a CSP that forbids loading anything, no script, no external reference', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain(
      'content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:"',
    );
    expect(page).not.toMatch(/<script|<link|\ssrc=|\shref=|@import|url\(/i);
    const urls = [...page.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg']));
  });

  it('shows the header facts', () => {
    for (const text of [
      '412,345',
      '8,400,000',
      'pod-window',
      '2025-01-01T12:00:00.000Z',
      'latency-anomaly',
    ]) {
      expect(page).toContain(text);
    }
    expect(page).toContain(
      'autoscope eval --dataset ../shared/datasets/nezha-trainticket --sweep --html r.html',
    );
  });

  it('has one results row per sampler, Autoscope highlighted, percentages formatted, targets marked', () => {
    expect(count(page, /<tr class="[^"]*" data-sampler=/)).toBe(FIXTURE_SAMPLERS.length);
    expect(page).toContain('<tr class="autoscope" data-sampler="autoscope">');
    const ours = rowOf(page, 'autoscope');
    expect(ours).toMatch(/87\.2% <span class="badge met">met<\/span>/);
    expect(ours).toMatch(/99\.31% <span class="badge met">met<\/span>/);
    expect(ours).toContain('14,698 of 14,800');
    expect(ours).toContain('412 ns/span');
    expect(ours).toContain('<small>own byte budget</small>');
    expect(rowOf(page, 'head')).toContain('<small>Autoscope&#39;s bytes</small>');
    const elastic = rowOf(page, 'elastic');
    expect(elastic).toMatch(/71\.0% <span class="badge missed">missed<\/span>/);
    expect(elastic).toMatch(/82\.00% <span class="badge missed">missed<\/span>/);
  });

  it('draws one curve per sampler per chart from the sweep, one marker per sweep point', () => {
    expect(count(page, '<path class="curve"')).toBe(2 * FIXTURE_SAMPLERS.length);
    expect(count(page, '<circle class="marker"')).toBe(2 * FIXTURE_SAMPLERS.length * FIXTURE_BUDGETS.length);
    expect(page).toContain('aria-labelledby="chart-coverage-title chart-coverage-desc"');
  });

  it('draws one bar per sampler per fault type', () => {
    const types = Object.keys(FIXTURE_FAULT_TYPES).length;
    expect(count(page, '<rect class="bar"')).toBe(types * FIXTURE_SAMPLERS.length);
    expect(count(page, 'data-fault-type=')).toBe(types);
  });

  it('draws the example trace before and after, dropped spans as outlines in the after view', () => {
    const report = buildEvalReport();
    const example = report.example!;
    const before = page.slice(page.indexOf('id="waterfall-before"'), page.indexOf('id="waterfall-after"'));
    const after = page.slice(page.indexOf('id="waterfall-after"'));
    expect(count(before, '<rect class="span')).toBe(example.before.length);
    expect(count(after, '<rect class="span dropped"')).toBe(example.before.length - example.after.length);
    expect(count(after, /<rect class="span(?: faulty)?(?: error)?"/)).toBe(example.after.length);
    expect(count(before, 'class="span faulty')).toBe(example.before.filter((s) => s.faulty).length);
  });

  it('escapes every string from the report: hostile names render as text, never as markup', () => {
    const evil = '<script>window.__pwned=1</script>';
    const attr = '"><img src=x onerror=alert(1)>';
    const base = buildEvalReport();
    const results: SamplerResult[] = base.results.map((r, i) =>
      i === 1
        ? {
            ...r,
            sampler: evil,
            description: attr,
            faultyCoverageByType: { [evil]: { faultySpans: 3, faultySpansKept: 1, coverage: 1 / 3 } },
          }
        : r,
    );
    const example = base.example!;
    const hostile: EvalReport = {
      ...base,
      dataset: attr,
      command: `autoscope eval --dataset '${evil}'`,
      generatedAt: evil,
      notes: [evil, attr],
      rcaFull: { [evil]: { mrr: 0.5, top1: 0.5, top3: 0.5, cases: 2 } },
      results,
      sweep: base.sweep!.map((p) => (p.sampler === 'head' ? { ...p, sampler: evil } : p)),
      example: {
        ...example,
        traceId: attr,
        faultType: evil,
        before: example.before.map((s, i) => (i === 2 ? { ...s, service: evil, name: attr } : s)),
      },
    };
    const out = renderHtmlReport(hostile);
    expect([...tagsIn(out)].filter((t) => !ALLOWED_TAGS.has(t))).toEqual([]);
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;');
    expect(out).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('keeps a huge span name from bloating the page: labels and tooltips are cut', () => {
    const base = buildEvalReport();
    const example = base.example!;
    const huge = 'x'.repeat(1_000_000);
    const before = example.before.map((s, i) => (i === 0 ? { ...s, service: huge, name: huge } : s));
    const out = renderHtmlReport({ ...base, example: { ...example, before } });
    expect(out.length - page.length).toBeLessThan(2_000);
  });

  it('without a sweep, draws one point per sampler from the results and says so', () => {
    for (const report of [buildMinimalReport(), buildEvalReport({ sweep: [] })]) {
      const out = renderHtmlReport(report);
      expect(out).toContain('No sweep in this report');
      expect(count(out, '<circle class="marker"')).toBe(2 * FIXTURE_SAMPLERS.length);
      expect(count(out, '<path class="curve"')).toBe(2 * FIXTURE_SAMPLERS.length);
    }
  });

  it('without an example trace, says so and draws no waterfall', () => {
    const out = renderHtmlReport(buildMinimalReport());
    expect(out).toContain('No example trace');
    expect(out).not.toContain('class="chart waterfall"');
  });

  it('with zero faults, draws no fault bars, prints no NaN, and still has every table row', () => {
    const results = buildEvalReport().results.map((r) => ({
      ...r,
      faultySpans: 0,
      faultySpansKept: 0,
      faultySpanCoverage: 1,
      faultyCoverageByType: {},
    }));
    const out = renderHtmlReport(buildMinimalReport({ faults: 0, results, rcaFull: {} }));
    expect(out).toContain('No fault types to show');
    expect(out).not.toContain('<rect class="bar"');
    expect(out).not.toMatch(/NaN|Infinity|undefined/);
    expect(count(out, /<tr class="[^"]*" data-sampler=/)).toBe(FIXTURE_SAMPLERS.length);
  });

  it('prints n/a for non-finite metrics instead of NaN or Infinity, and keeps coordinates finite', () => {
    const broken = {
      ...fixtureResult('autoscope', Number.NaN, Number.POSITIVE_INFINITY),
      nsPerSpan: Number.NaN,
    };
    const out = renderHtmlReport(buildMinimalReport({ results: [broken], keepRatio: Number.NaN }));
    expect(out).not.toMatch(/NaN|Infinity/);
    expect(out).toContain('n/a');
  });

  it('renders a report with no results at all', () => {
    const out = renderHtmlReport(buildMinimalReport({ results: [], rcaFull: {} }));
    expect(out).toContain('No sampler results in this report');
    expect(out).not.toMatch(/NaN|Infinity/);
  });
});
