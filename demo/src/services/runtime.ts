import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { mulberry32 } from '@autoscope/core';
import type { Span, Tracer } from '@opentelemetry/api';
import type { FaultInjector } from '../telemetry/fault-injector.js';

/** One incoming request as a route handler sees it. */
export interface DemoRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  /** The SERVER span the HTTP instrumentation opened for this request. */
  readonly serverSpan: Span;
}

/** What every handler, repository and cache of one service shares. */
export interface ServiceRuntime {
  readonly service: string;
  readonly tracer: Tracer;
  readonly faults: FaultInjector;
  /** Deterministic per service, so runs are comparable. */
  readonly random: () => number;
  /** Calls another demo service over HTTP; rejects on a timeout or a non-2xx reply. */
  call(target: string, method: string, path: string, body?: unknown): Promise<unknown>;
}

/** An HTTP error a handler throws to reply with that status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

const requests = new AsyncLocalStorage<DemoRequest>();

/** Runs `fn` with `request` as the current request (so repositories can find its SERVER span). */
export function withRequest<T>(request: DemoRequest, fn: () => Promise<T>): Promise<T> {
  return requests.run(request, fn);
}

/** The request being handled, if any. */
export function currentRequest(): DemoRequest | undefined {
  return requests.getStore();
}

/**
 * `node:http` loaded through `require` after the HTTP instrumentation is registered, so the module
 * object the demo uses is the patched one (the instrumentation hooks `require`, not ESM imports).
 */
export function loadHttp(): typeof import('node:http') {
  return createRequire(import.meta.url)('node:http') as typeof import('node:http');
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A small seeded generator (mulberry32) in [0, 1), seeded by a text. */
export function seededRandom(seedText: string): () => number {
  let seed = 0;
  for (let i = 0; i < seedText.length; i++) seed = (Math.imul(seed, 31) + seedText.charCodeAt(i)) | 0;
  return mulberry32(seed);
}

/** Keeps the thread busy for `ms` milliseconds (real CPU work in handlers, and injected contention). */
export function busyWait(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Spin on purpose: this is the CPU cost being simulated.
  }
}
