/** Retry timing: exponential backoff with jitter, and the HTTP `Retry-After` header. */

/** Backoff of retried exports, in milliseconds. */
export interface RetryPolicy {
  /** Delay before the first retry. */
  readonly initialMs: number;
  /** Upper bound of the exponential delay (before jitter). */
  readonly maxMs: number;
  /** Give up (reject) once this much time passed since the first attempt; absent: retry until shutdown. */
  readonly maxElapsedMs?: number;
}

/** The default policy: 1 s doubling to 30 s, retried until shutdown (the write-ahead log holds the data). */
export const DEFAULT_RETRY: RetryPolicy = { initialMs: 1000, maxMs: 30_000 };

/** A server's Retry-After is honoured up to this long. */
export const MAX_RETRY_AFTER_MS = 5 * 60_000;

/**
 * The delay before retry number `retry` (0 for the first): `initialMs * 2^retry` capped at `maxMs`, then
 * jittered by ±20% so that many clients do not retry in lockstep. `random` returns a number in [0, 1).
 */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(retry, 52));
  return base * (0.8 + 0.4 * random());
}

/**
 * Milliseconds a `Retry-After` value asks to wait (delta-seconds or an HTTP date), capped at
 * MAX_RETRY_AFTER_MS; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - nowMs;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
