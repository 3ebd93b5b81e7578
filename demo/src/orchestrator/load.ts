import { Agent, request as httpRequest } from 'node:http';
import { seededRandom } from '../services/runtime.js';

/** One request the load generator sends to the frontend. */
export interface LoadRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

/** Options of {@link runLoad}. */
export interface LoadOptions {
  readonly port: number;
  /** Total requests (the load is bounded). */
  readonly requests: number;
  /** Requests started per second. */
  readonly ratePerSecond: number;
  /** At most this many requests in flight; the schedule waits when it is reached. */
  readonly concurrency: number;
  /** The i-th request (default: the demo's user mix, seeded). */
  readonly next?: (i: number) => LoadRequest;
  readonly signal?: AbortSignal;
  /** Called after each reply with the number done so far. */
  readonly onProgress?: (done: number) => void;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
}

/** What the load produced. */
export interface LoadSummary {
  readonly sent: number;
  readonly ok: number;
  /** Replies with a status >= 400, plus requests that failed or timed out. */
  readonly failed: number;
  readonly seconds: number;
  /** Median and 99th percentile latency, in milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Sends a fixed number of requests at a fixed rate with a concurrency limit, over keep-alive
 * connections to 127.0.0.1. Stops early (without error) when `signal` aborts.
 */
export async function runLoad(options: LoadOptions): Promise<LoadSummary> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const next = options.next ?? demoMix();
  const latencies: number[] = [];
  let ok = 0;
  let inFlight = 0;
  let waiter: (() => void) | undefined;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < options.requests && options.signal?.aborted !== true; i++) {
    await delayUntil(started + (i * 1000) / options.ratePerSecond, options.signal);
    while (inFlight >= options.concurrency) await new Promise<void>((r) => (waiter = r));
    inFlight++;
    const sentAt = performance.now();
    const one = send(agent, options.port, next(i), options.timeoutMs ?? 10_000).then((status) => {
      latencies.push(performance.now() - sentAt);
      if (status > 0 && status < 400) ok++;
      inFlight--;
      options.onProgress?.(latencies.length);
      waiter?.();
      waiter = undefined;
    });
    pending.push(one);
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  const seconds = (performance.now() - started) / 1000;
  return {
    sent: latencies.length,
    ok,
    failed: latencies.length - ok,
    seconds,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
  };
}

/** The demo's request mix: home pages, product pages, checkouts and order histories, seeded. */
export function demoMix(seed = 'load'): (i: number) => LoadRequest {
  const random = seededRandom(seed);
  const id = (n: number) => 1 + Math.floor(random() * n);
  return () => {
    const r = random();
    if (r < 0.3) return { method: 'GET', path: `/home/${id(50)}` };
    if (r < 0.6) return { method: 'GET', path: `/product/${id(200)}` };
    if (r < 0.85) {
      const items = Array.from({ length: id(3) }, () => ({ productId: id(200), quantity: id(2) }));
      return { method: 'POST', path: '/checkout', body: { userId: id(50), items } };
    }
    return { method: 'GET', path: `/account/${id(50)}/orders` };
  };
}

/** Resolves the reply status, or 0 when the request failed or timed out. Never rejects. */
function send(agent: Agent, port: number, spec: LoadRequest, timeoutMs: number): Promise<number> {
  const payload = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  return new Promise((resolve) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: spec.method, path: spec.path, agent, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    if (payload !== undefined) req.setHeader('content-type', 'application/json');
    req.end(payload);
  });
}

function delayUntil(at: number, signal: AbortSignal | undefined): Promise<void> {
  const wait = at - performance.now();
  if (wait <= 0 || signal?.aborted === true) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, wait);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
