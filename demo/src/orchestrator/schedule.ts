import { DEMO_FAULT_TYPES, type DemoFaultType, type FaultOrder } from '../protocol.js';

/** Which service each fault type is injected into by default (each in a different service). */
export const DEFAULT_FAULT_TARGETS: Readonly<Record<DemoFaultType, string>> = {
  latency: 'inventory',
  cpu_contention: 'recommendations',
  exception: 'payment',
  dependency_timeout: 'users',
};

/**
 * The fault schedule over a load of `durationMs` starting at `startMs` (Unix ms): a warm-up twice as
 * long as a fault window, then each fault type in its own window, each followed by a normal period of the
 * same length. With four faults that is 2 + 4×2 = 10 slots.
 */
export function faultSchedule(
  startMs: number,
  durationMs: number,
  targets: Readonly<Record<DemoFaultType, string>> = DEFAULT_FAULT_TARGETS,
): FaultOrder[] {
  const slot = durationMs / (2 + 2 * DEMO_FAULT_TYPES.length);
  return DEMO_FAULT_TYPES.map((type, i) => {
    const start = Math.round(startMs + slot * (2 + 2 * i));
    return {
      id: `f${i + 1}-${type}`,
      type,
      service: targets[type],
      startMs: start,
      endMs: Math.round(start + slot),
    };
  });
}
