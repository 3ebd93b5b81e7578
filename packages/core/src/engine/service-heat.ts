import { DecayedPair } from '../stats/ewma.js';

/** Tuning of `ServiceHeat`, in seconds of trace time. */
export interface ServiceHeatOptions {
  readonly halfLifeSeconds: number;
  readonly hotRatio: number;
  readonly hotMinFraction: number;
  readonly holdSeconds: number;
  /** Distinct services tracked; past it, the least recently seen is forgotten. */
  readonly maxServices?: number;
}

interface ServiceRecord {
  /** Recent anomalous (first) and all (second) span counts. */
  readonly recent: DecayedPair;
  /** The same over the long-run baseline half-life. */
  readonly baseline: DecayedPair;
  hotUntil: number;
  /** Start of the current (or last) hot episode. */
  hotFrom: number;
  /** Observation count when the service was last observed (for least-recently-seen eviction). */
  lastUse: number;
  /** Set when the record is evicted: holders of it look the service up again. */
  forgotten: boolean;
}

/** A service's heat record as cached by a caller (opaque). */
export type ServiceHeatRecord = ServiceRecord;

/** Something that names a service and caches its record (the engine's `SpanSource`). */
export interface HeatHolder {
  readonly key: string;
  heat: ServiceHeatRecord | undefined;
}

/** Ratio of the baseline's half-life to the fast one: the baseline is the service's long-run normal. */
const BASELINE_FACTOR = 30;
/** Anomalous spans (decayed count) a service needs before it can turn hot; one odd span is not a trend. */
const MIN_ANOMALOUS = 3;

/**
 * Per-service anomaly rates over trace time. A service turns hot when the share of its recent spans that
 * look anomalous (slow for their place, new structure, errors, slow calls into it) rises well above its
 * own long-run share; it stays hot for `holdSeconds` after that. While a service is hot, the engine
 * prefers all of its spans: a fault shows in a service's behaviour over many spans, most of which are
 * not individually slow.
 */
export class ServiceHeat {
  private readonly services = new Map<string, ServiceRecord>();
  private readonly options: ServiceHeatOptions;
  private readonly maxServices: number;
  /** Anomalous and all span counts of every service together. */
  private readonly every: DecayedPair;
  private uses = 0;

  constructor(options: ServiceHeatOptions) {
    this.options = options;
    this.maxServices = options.maxServices ?? 10_000;
    this.every = new DecayedPair(options.halfLifeSeconds);
  }

  /** Adds one trace's counts for a service at time `now` (seconds). */
  observe(service: string, anomalous: number, total: number, now: number): void {
    if (!Number.isFinite(anomalous) || !Number.isFinite(total)) return;
    this.observeRecord(this.recordOf(service), anomalous, total, now);
  }

  private observeRecord(record: ServiceRecord, anomalous: number, total: number, now: number): void {
    this.every.add(anomalous, total, now);
    record.recent.add(anomalous, total, now);
    record.baseline.add(anomalous, total, now);
    if (!this.isTrending(record, now)) return;
    if (record.hotUntil < now) {
      record.hotFrom = now;
    }
    // Traces arrive out of time order (exports grouped by file, assembly by completion): an episode
    // only ever widens, to the earliest and the latest trace time that found the service trending.
    record.hotFrom = Math.min(record.hotFrom, now);
    record.hotUntil = Math.max(record.hotUntil, now + this.options.holdSeconds);
  }

  /** `observe` for a holder: its cached record saves the lookup by name. */
  observeSource(holder: HeatHolder, anomalous: number, total: number, now: number): void {
    if (!Number.isFinite(anomalous) || !Number.isFinite(total)) return;
    let record = holder.heat;
    if (record !== undefined && !record.forgotten) record.lastUse = ++this.uses;
    else {
      record = this.recordOf(holder.key);
      holder.heat = record;
    }
    this.observeRecord(record, anomalous, total, now);
  }

  /** `heatAround` for a holder (see `observeSource`). */
  heatAroundSource(holder: HeatHolder, time: number, lookback: number): number {
    let record = holder.heat;
    if (record === undefined || record.forgotten) {
      record = this.services.get(holder.key);
      if (record === undefined) return 0;
      holder.heat = record;
    }
    return this.heatOf(record, time, lookback);
  }

  /** True when the service is hot at time `now`. */
  isHot(service: string, now: number): boolean {
    const record = this.services.get(service);
    return record !== undefined && record.hotUntil >= now;
  }

  /**
   * True when the service's current hot episode covers `time` or starts at most `lookback` seconds after
   * it: with decisions delayed by `lookback`, traces from just before a service turned hot are boosted too.
   */
  isHotAround(service: string, time: number, lookback: number): boolean {
    return this.heatAround(service, time, lookback) > 0;
  }

  /**
   * How hot the service is around `time` (as `isHotAround`): its current recent anomalous share (in (0, 1]) when
   * hot, else 0. Hotter services come first when the budget cannot keep every hot span.
   */
  heatAround(service: string, time: number, lookback: number): number {
    const record = this.services.get(service);
    return record === undefined ? 0 : this.heatOf(record, time, lookback);
  }

  private heatOf(record: ServiceRecord, time: number, lookback: number): number {
    if (record.hotUntil < time || record.hotFrom - lookback > time) return 0;
    const decay = record.recent.decay(time);
    const all = record.recent.second * decay;
    return Math.max(all > 0 ? (record.recent.first * decay) / all : 0, Number.EPSILON);
  }

  /** Services hot at time `now`, for metrics and reports. */
  hotServices(now: number): string[] {
    return [...this.services].filter(([, r]) => r.hotUntil >= now).map(([name]) => name);
  }

  private isTrending(record: ServiceRecord, now: number): boolean {
    const fast = record.recent.decay(now);
    const anomalous = record.recent.first * fast;
    const all = record.recent.second * fast;
    if (anomalous < MIN_ANOMALOUS || all <= 0) return false;
    const recent = anomalous / all;
    const slow = record.baseline.decay(now);
    const baselineAll = record.baseline.second * slow;
    const baseline = baselineAll > 0 ? (record.baseline.first * slow) / baselineAll : 0;
    if (recent < this.options.hotMinFraction) return false;
    if (recent >= this.options.hotRatio * baseline) return true;
    // Or well above every service's recent share: a fault hits one instance, while load or a slow shared
    // dependency lifts all of them (and a service already anomalous for long has a high baseline).
    const everyDecay = this.every.decay(now);
    const everyAll = this.every.second * everyDecay;
    const every = everyAll > 0 ? (this.every.first * everyDecay) / everyAll : 0;
    return recent >= this.options.hotRatio * every;
  }

  private recordOf(service: string): ServiceRecord {
    let record = this.services.get(service);
    if (record !== undefined) {
      record.lastUse = ++this.uses;
      return record;
    }
    if (this.services.size >= this.maxServices) this.forgetLeastRecent();
    const fast = this.options.halfLifeSeconds;
    const slow = fast * BASELINE_FACTOR;
    record = {
      recent: new DecayedPair(fast),
      baseline: new DecayedPair(slow),
      hotUntil: Number.NEGATIVE_INFINITY,
      hotFrom: Number.POSITIVE_INFINITY,
      lastUse: ++this.uses,
      forgotten: false,
    };
    this.services.set(service, record);
    return record;
  }

  /**
   * Forgets the least recently observed tenth of the services in one scan, when the map is full and a new
   * one comes: amortised over the next arrivals, so a stream of ever-new sources (short-lived instances)
   * costs one scan per `maxServices / 10` of them, not one each.
   */
  private forgetLeastRecent(): void {
    const uses: number[] = [];
    for (const record of this.services.values()) uses.push(record.lastUse);
    uses.sort((a, b) => a - b);
    const cut = uses[Math.max(0, Math.ceil(uses.length / 10) - 1)] ?? Number.NEGATIVE_INFINITY;
    for (const [name, record] of this.services) {
      if (record.lastUse > cut) continue;
      record.forgotten = true;
      this.services.delete(name);
    }
  }
}
