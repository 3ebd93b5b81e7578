import { bucketRole, type CaseBuckets } from './time-buckets.js';

/** Anomalous and normal trace counts, overall or of the traces one service took part in. */
export interface TraceCounts {
  anomalous: number;
  normal: number;
}

/** Per time bucket: how many anomalous and normal traces there were, overall and per service. */
export class SpectrumCounts {
  private readonly totals = new Map<number, TraceCounts>();
  private readonly perService = new Map<string, Map<number, TraceCounts>>();

  /** Records one judged trace and the services that took part in it. */
  add(bucket: number, anomalous: boolean, services: Iterable<string>): void {
    bump(this.totals, bucket, anomalous);
    for (const service of services) {
      let buckets = this.perService.get(service);
      if (buckets === undefined) {
        buckets = new Map();
        this.perService.set(service, buckets);
      }
      bump(buckets, bucket, anomalous);
    }
  }

  /** Drops the buckets before `bucket` (services seen stay known). */
  forgetBefore(bucket: number): void {
    forget(this.totals, bucket);
    for (const buckets of this.perService.values()) forget(buckets, bucket);
  }

  /** Every service seen. */
  services(): IterableIterator<string> {
    return this.perService.keys();
  }

  /** Summed counts over the window or the baseline of a case: overall, and per service. */
  sum(c: CaseBuckets, role: 'window' | 'baseline'): { all: TraceCounts; services: Map<string, TraceCounts> } {
    const services = new Map<string, TraceCounts>();
    for (const [service, buckets] of this.perService) {
      const counts = sumBuckets(buckets, c, role);
      if (counts.anomalous + counts.normal > 0) services.set(service, counts);
    }
    return { all: sumBuckets(this.totals, c, role), services };
  }
}

function forget(buckets: Map<number, TraceCounts>, before: number): void {
  for (const key of buckets.keys()) if (key < before) buckets.delete(key);
}

function bump(buckets: Map<number, TraceCounts>, bucket: number, anomalous: boolean): void {
  let counts = buckets.get(bucket);
  if (counts === undefined) {
    counts = { anomalous: 0, normal: 0 };
    buckets.set(bucket, counts);
  }
  if (anomalous) counts.anomalous += 1;
  else counts.normal += 1;
}

function sumBuckets(buckets: ReadonlyMap<number, TraceCounts>, c: CaseBuckets, role: string): TraceCounts {
  const total = { anomalous: 0, normal: 0 };
  for (const [bucket, counts] of buckets) {
    if (bucketRole(bucket, c) !== role) continue;
    total.anomalous += counts.anomalous;
    total.normal += counts.normal;
  }
  return total;
}

/**
 * Ochiai suspiciousness of a service: `ef / sqrt(F * (ef + ep))`, where `ef`/`ep` are the anomalous/normal
 * traces it took part in and `F` all anomalous traces. In [0, 1]; 0 when there is no anomalous trace.
 */
export function ochiai(service: TraceCounts, all: TraceCounts): number {
  const denominator = Math.sqrt(all.anomalous * (service.anomalous + service.normal));
  return denominator === 0 ? 0 : service.anomalous / denominator;
}

/**
 * DStar (star 2) suspiciousness: `ef^2 / (ep + nf)`, with `nf` the anomalous traces without the service;
 * divided by `F` here so it reads as a share, and `+1` in the denominator keeps it finite.
 */
export function dstar(service: TraceCounts, all: TraceCounts): number {
  const missed = all.anomalous - service.anomalous;
  const total = Math.max(1, all.anomalous);
  return (service.anomalous * service.anomalous) / (total * (service.normal + missed + 1));
}
