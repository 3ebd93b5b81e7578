import { makeResource, makeSpan, type Span, stringAttr, type Trace } from '@autoscope/core';
import type { Fault } from '@autoscope/formats';
import { describe, expect, it } from 'vitest';
import type { RcaCollector, RcaMethod } from './method.js';
import { RCA_LATENESS_NANOS, windowedCollector } from './windowed-collector.js';

const MINUTE = 60n * 1_000_000_000n;
const REACH = 30n * MINUTE;

/** Ranks services by spans started in the window; remembers every span until told to forget. */
class CountingCollector implements RcaCollector {
  readonly held: { service: string; start: bigint }[] = [];
  most = 0;

  add(trace: Trace): void {
    for (const s of trace.spans)
      this.held.push({ service: s.resource.serviceName, start: s.startTimeUnixNano });
    this.most = Math.max(this.most, this.held.length);
  }

  rank(fault: Fault): string[] {
    const counts = new Map<string, number>();
    for (const s of this.held) {
      if (s.start >= fault.start - REACH && s.start < fault.end)
        counts.set(s.service, (counts.get(s.service) ?? 0) + 1);
    }
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([service]) => service);
  }

  forgetBefore(time: bigint): void {
    const kept = this.held.filter((s) => s.start >= time);
    this.held.length = 0;
    this.held.push(...kept);
  }
}

const SCOPE = { name: 'test', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

function span(traceId: string, i: number, service: string, start: bigint): Span {
  return makeSpan({
    traceId,
    spanId: `${i + 1}`.padStart(16, '0'),
    parentSpanId: '',
    name: 'op',
    startTimeUnixNano: start,
    endTimeUnixNano: start + 1000n,
    resource: makeResource([stringAttr('service.name', service)]),
    scope: SCOPE,
  });
}

function method(collectors: CountingCollector[], reach: bigint | undefined): RcaMethod {
  return {
    name: 'count',
    description: 'test',
    ...(reach === undefined ? {} : { reachNanos: reach }),
    createCollector() {
      const c = new CountingCollector();
      collectors.push(c);
      return c;
    },
  };
}

/** 24 hours of one-span traces a minute; service `s<hour % 3>`, and the fault's service busier in its hour. */
function stream(faults: readonly Fault[]): Trace[] {
  const T0 = 1_704_067_200n * 1_000_000_000n;
  const traces: Trace[] = [];
  for (let m = 0; m < 24 * 60; m++) {
    const start = T0 + BigInt(m) * MINUTE;
    const fault = faults.find((f) => start >= f.start && start < f.end);
    const services = [`s${m % 3}`, ...(fault === undefined ? [] : [fault.service, fault.service])];
    const traceId = (m + 1).toString(16).padStart(32, '0');
    traces.push({ traceId, spans: services.map((service, i) => span(traceId, i, service, start)) });
  }
  return traces;
}

function faultsOf(): Fault[] {
  const T0 = 1_704_067_200n * 1_000_000_000n;
  return [2, 7, 12, 20].map((hour, i) => ({
    id: `f${i}`,
    type: 'x',
    service: `svc${i}`,
    start: T0 + BigInt(hour * 60) * MINUTE,
    end: T0 + BigInt(hour * 60 + 10) * MINUTE,
  }));
}

describe('windowedCollector', () => {
  it('ranks every case as the whole collector would, while holding only the open cases reach', () => {
    const faults = faultsOf();
    const plain: CountingCollector[] = [];
    const windowed: CountingCollector[] = [];
    const a = method(plain, undefined).createCollector();
    const b = windowedCollector(method(windowed, REACH), faults);
    const traces = stream(faults);
    for (const trace of traces) {
      a.add(trace);
      b.add(trace);
    }
    for (const fault of faults) {
      expect(b.rank(fault)).toEqual(a.rank(fault));
      expect(b.rank(fault)[0]).toBe(fault.service);
    }
    const spans = traces.reduce((n, t) => n + t.spans.length, 0);
    expect(plain[0]!.most).toBe(spans);
    // Reach 30 min + lateness 15 min on each side of a 10 min case: well under half a day of spans.
    const bound = Number((2n * (REACH + RCA_LATENESS_NANOS) + 10n * MINUTE) / MINUTE) * 3;
    expect(windowed[0]!.most).toBeLessThan(bound);
    expect(windowed[0]!.most).toBeLessThan(spans / 4);
  });

  it('leaves a method without a reach as it is', () => {
    const collectors: CountingCollector[] = [];
    const c = windowedCollector(method(collectors, undefined), faultsOf());
    expect(c).toBe(collectors[0]);
  });

  it('one trace with a far-future clock does not rank the open cases early', () => {
    const faults = faultsOf();
    const plain: CountingCollector[] = [];
    const a = method(plain, undefined).createCollector();
    const b = windowedCollector(method([], REACH), faults);
    const traces = stream(faults);
    const future = 100n * 24n * 60n * MINUTE;
    traces.splice(30, 0, {
      traceId: 'f'.repeat(32),
      spans: [span('f'.repeat(32), 0, 'skewed', traces[30]!.spans[0]!.startTimeUnixNano + future)],
    });
    for (const trace of traces) {
      a.add(trace);
      b.add(trace);
    }
    for (const fault of faults) expect(b.rank(fault)).toEqual(a.rank(fault));
    expect(b.note?.()).toMatch(/1 trace\(s\) started more than an hour ahead/);
  });

  it('follows a real gap in the recording (several traces past it)', () => {
    const faults = faultsOf();
    const a = method([], undefined).createCollector();
    const b = windowedCollector(method([], REACH), faults);
    const traces = stream(faults);
    const gap = 3n * 60n * MINUTE;
    const shifted = traces.map((t, m) =>
      m < 600
        ? t
        : {
            traceId: t.traceId,
            spans: t.spans.map((s) => ({ ...s, startTimeUnixNano: s.startTimeUnixNano + gap })),
          },
    );
    for (const trace of shifted) {
      a.add(trace);
      b.add(trace);
    }
    for (const fault of faults) expect(b.rank(fault)).toEqual(a.rank(fault));
    expect(b.note?.()).toBeUndefined();
  });
});
