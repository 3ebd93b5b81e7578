import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { processorProvider } from '../test/provider.js';

/** The clocks and timers faked: Date and performance move together unless a test steps Date alone. */
const FAKED = ['Date', 'performance', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] as const;

afterEach(() => {
  vi.useRealTimers();
});

describe('AutoscopeSpanProcessor under wall-clock steps', () => {
  it('decides a trace graceMs after its root ended when the wall clock steps back an hour', async () => {
    vi.useFakeTimers({ toFake: [...FAKED] });
    const { processor, tracer } = processorProvider({ graceMs: 100, scheduledDelayMillis: 10 });
    const root = tracer.startSpan('GET /');
    tracer.startSpan('child', undefined, undefined).end();
    root.end();
    expect(processor.bufferedSpans).toBe(2);
    // The first tick (100 ms) schedules the trace; then the wall clock steps back (NTP, a VM resumed); the monotonic clock goes on.
    await vi.advanceTimersByTimeAsync(110);
    vi.setSystemTime(Date.now() - 3_600_000);
    await vi.advanceTimersByTimeAsync(300);
    expect(processor.bufferedSpans).toBe(0);
  });

  it("counts a root's age from its end time, not from the tick that first sees it", async () => {
    vi.useFakeTimers({ toFake: [...FAKED] });
    // graceMs 1500 ticks every 1000 ms (the grid's upper bound). A child ending at 0 starts the ticks; the
    // root ends at 50, 950 ms before the tick at 1000 sees it: due at 1550, decided by the tick at 2000.
    // Counted from the tick that saw it, it would wait for the tick at 3000.
    const { processor, tracer } = processorProvider({ graceMs: 1500, scheduledDelayMillis: 10 });
    const root = tracer.startSpan('GET /');
    tracer.startSpan('child', undefined, trace.setSpan(ROOT_CONTEXT, root)).end(Date.now());
    await vi.advanceTimersByTimeAsync(50);
    // End times given on the faked clock: the SDK measures durations on the real performance object it kept.
    root.end(Date.now());
    await vi.advanceTimersByTimeAsync(1900);
    expect(processor.bufferedSpans).toBe(2);
    await vi.advanceTimersByTimeAsync(100);
    expect(processor.bufferedSpans).toBe(0);
  });

  it('does not decide an open trace before maxTraceWaitMs when the wall clock steps forward an hour', async () => {
    vi.useFakeTimers({ toFake: [...FAKED] });
    const { processor, tracer } = processorProvider({
      graceMs: 100,
      maxTraceWaitMs: 1000,
      scheduledDelayMillis: 10,
    });
    // A trace whose local root has not ended: only maxTraceWaitMs decides it.
    const root = tracer.startSpan('GET /');
    tracer.startSpan('child', undefined, trace.setSpan(ROOT_CONTEXT, root)).end();
    await vi.advanceTimersByTimeAsync(150);
    vi.setSystemTime(Date.now() + 3_600_000);
    await vi.advanceTimersByTimeAsync(300);
    expect(processor.bufferedSpans).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(processor.bufferedSpans).toBe(0);
    root.end();
  });
});
