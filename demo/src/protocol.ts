/**
 * The messages between the orchestrator and a demo service over the child's IPC channel. Ground truth
 * (which spans a fault touched) travels here, never as a span attribute: the sampler must not see it.
 */

/** The fault kinds the demo injects. */
export type DemoFaultType = 'latency' | 'cpu_contention' | 'exception' | 'dependency_timeout';

/** Every fault kind, in the order the default schedule injects them. */
export const DEMO_FAULT_TYPES: readonly DemoFaultType[] = [
  'latency',
  'cpu_contention',
  'exception',
  'dependency_timeout',
];

/** One fault for one service during `[startMs, endMs)` (Unix milliseconds). */
export interface FaultOrder {
  readonly id: string;
  readonly type: DemoFaultType;
  readonly service: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Orchestrator to service. */
export type ControlMessage =
  | { readonly type: 'peers'; readonly ports: Readonly<Record<string, number>> }
  | { readonly type: 'fault'; readonly fault: FaultOrder }
  | { readonly type: 'stop' };

/** What a service reports when it stops. */
export interface ServiceReport {
  /** Span ids each fault touched, by fault id (`traceId:spanId` is not needed: span ids are unique). */
  readonly groundTruth: Readonly<Record<string, readonly string[]>>;
  /**
   * Spans that overlapped each CPU-contention window, by fault id, whether a busy period touched them or
   * not (the looser ground truth used before; `groundTruth` lists only the spans a busy period touched).
   */
  readonly windowOverlaps?: Readonly<Record<string, number>>;
  readonly requests: number;
  readonly spansEnded: number;
}

/** Service to orchestrator. */
export type ServiceMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'stopped'; readonly report: ServiceReport }
  | { readonly type: 'failed'; readonly message: string };

/** Whether a value received over IPC is a control message (the channel is trusted, but check the shape). */
export function isControlMessage(value: unknown): value is ControlMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'peers' || type === 'fault' || type === 'stop';
}

/** Whether a value received over IPC is a service message. */
export function isServiceMessage(value: unknown): value is ServiceMessage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'ready' || type === 'stopped' || type === 'failed';
}
