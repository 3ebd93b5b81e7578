import { InvalidOptionError } from '../errors.js';
import { checkWindow, DEFAULT_MEDIAN_WINDOW } from './sliding-median.js';
import { RobustStats } from './streaming-mad.js';

/** Default number of keys a `KeyedRobustStats` holds before evicting the least recently used. */
export const DEFAULT_MAX_KEYS = 100_000;

/** Options of `KeyedRobustStats`. */
export interface KeyedRobustStatsOptions {
  /** Median window of each key (default 100). */
  readonly window?: number;
  /** MAD window of each key (default 100). */
  readonly madWindow?: number;
  /** Keys held at most; past it the least recently used key is evicted (default 100 000). */
  readonly maxKeys?: number;
}

/** Which statistics a backoff score came from. */
export type BackoffLevel = 'fine' | 'coarse' | 'none';

/** Result of `KeyedRobustStats.scoreWithBackoff`. */
export interface BackoffScore {
  /** Revised Z-score of the value (0 when `key` is `none`). */
  score: number;
  /** The statistics used: the fine key's, the coarse key's, or none (too few samples in both). */
  key: BackoffLevel;
  /** Values the chosen key had seen before this one (for `none`: the fine key's count). */
  samples: number;
}

/** One entry of the recency list (most recent first). */
class KeyNode {
  prev: KeyNode | null = null;
  next: KeyNode | null = null;
  constructor(
    readonly key: string,
    readonly stats: RobustStats,
  ) {}
}

/**
 * `RobustStats` per string key (keys are built by the caller, e.g. `service|operation|parent`), bounded
 * to `maxKeys` by least-recently-used eviction, with the fine→coarse backoff the engine scores with.
 *
 * Recency is an intrusive doubly-linked list, so a lookup costs one `Map.get` and a few pointer writes.
 * Each key's statistics grow their storage with the samples seen, so rare keys stay small.
 */
export class KeyedRobustStats {
  /** Keys held at most. */
  readonly maxKeys: number;
  /** Keys evicted to stay within `maxKeys`. */
  evictions = 0;
  /** Non-finite values given to `scoreWithBackoff` or `push` (ignored, no key created). */
  rejected = 0;
  private readonly options: { readonly window?: number; readonly madWindow?: number };
  private readonly byKey = new Map<string, KeyNode>();
  private head: KeyNode | null = null;
  private tail: KeyNode | null = null;

  /** Creates an empty map. Throws `InvalidOptionError` for a bad window or `maxKeys`. */
  constructor(options: KeyedRobustStatsOptions = {}) {
    const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(maxKeys) || maxKeys < 1) {
      throw new InvalidOptionError('maxKeys', `must be an integer ≥ 1, got ${maxKeys}`);
    }
    this.maxKeys = maxKeys;
    this.options = options;
    // Validate the windows now rather than at the first key.
    checkWindow('window', options.window ?? DEFAULT_MEDIAN_WINDOW);
    checkWindow('madWindow', options.madWindow ?? DEFAULT_MEDIAN_WINDOW);
  }

  /** Number of keys held. */
  get size(): number {
    return this.byKey.size;
  }

  /** The statistics of `key`, if held; does not change recency. */
  peek(key: string): RobustStats | undefined {
    return this.byKey.get(key)?.stats;
  }

  /** The statistics of `key`, created when absent (evicting the least recently used key when full). */
  get(key: string): RobustStats {
    let node = this.byKey.get(key);
    if (node === undefined) node = this.create(key);
    else this.touch(node);
    return node.stats;
  }

  /** Pushes `x` into `key`'s statistics; non-finite `x` is counted in `rejected` and creates no key. */
  push(key: string, x: number): void {
    if (!Number.isFinite(x)) this.rejected++;
    else this.get(key).push(x);
  }

  /**
   * Scores `x` with the fine key's statistics when they hold at least `minSamples` values, else with the
   * coarse key's when they do, else reports `none` with score 0; then pushes `x` into both keys (once
   * when they are equal). Scores use the statistics before `x` is pushed. A non-finite `x` gives
   * `{ score: 0, key: 'none', samples: 0 }`, is counted in `rejected` and touches no key.
   *
   * Pass `into` to reuse a result object on the hot path; otherwise a new one is returned.
   */
  scoreWithBackoff(
    fineKey: string,
    coarseKey: string,
    x: number,
    minSamples: number,
    into?: BackoffScore,
  ): BackoffScore {
    const out: BackoffScore = into ?? { score: 0, key: 'none', samples: 0 };
    if (!Number.isFinite(x)) {
      this.rejected++;
      return setScore(out, 0, 'none', 0);
    }
    const fine = this.get(fineKey);
    const coarse = fineKey === coarseKey ? fine : this.get(coarseKey);
    if (fine.count >= minSamples) setScore(out, fine.score(x), 'fine', fine.count);
    else if (coarse.count >= minSamples) setScore(out, coarse.score(x), 'coarse', coarse.count);
    else setScore(out, 0, 'none', fine.count);
    fine.push(x);
    if (coarse !== fine) coarse.push(x);
    return out;
  }

  /** Forgets every key and resets the counters. */
  clear(): void {
    this.byKey.clear();
    this.head = null;
    this.tail = null;
    this.evictions = 0;
    this.rejected = 0;
  }

  private create(key: string): KeyNode {
    if (this.byKey.size >= this.maxKeys) this.evictOldest();
    const node = new KeyNode(key, new RobustStats(this.options));
    this.byKey.set(key, node);
    this.linkFront(node);
    return node;
  }

  private evictOldest(): void {
    const oldest = this.tail;
    if (oldest === null) return;
    this.unlink(oldest);
    this.byKey.delete(oldest.key);
    this.evictions++;
  }

  private touch(node: KeyNode): void {
    if (node === this.head) return;
    this.unlink(node);
    this.linkFront(node);
  }

  private linkFront(node: KeyNode): void {
    node.prev = null;
    node.next = this.head;
    if (this.head !== null) this.head.prev = node;
    this.head = node;
    if (this.tail === null) this.tail = node;
  }

  private unlink(node: KeyNode): void {
    if (node.prev !== null) node.prev.next = node.next;
    else this.head = node.next;
    if (node.next !== null) node.next.prev = node.prev;
    else this.tail = node.prev;
    node.prev = null;
    node.next = null;
  }
}

function setScore(out: BackoffScore, score: number, key: BackoffLevel, samples: number): BackoffScore {
  out.score = score;
  out.key = key;
  out.samples = samples;
  return out;
}
