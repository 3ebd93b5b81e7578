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
