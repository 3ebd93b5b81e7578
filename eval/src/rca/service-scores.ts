/** Running per-service sums of scores, turned into a ranking. */
export class ServiceScores {
  private readonly totals = new Map<string, { sum: number; n: number }>();

  /** Adds one score for a service. */
  add(service: string, score: number): void {
    const total = this.totals.get(service);
    if (total === undefined) this.totals.set(service, { sum: score, n: 1 });
    else {
      total.sum += score;
      total.n += 1;
    }
  }

  /** Mean score of a service (undefined when it has none). */
  mean(service: string): number | undefined {
    const total = this.totals.get(service);
    return total === undefined ? undefined : total.sum / total.n;
  }

  /** Every service that has a score. */
  services(): IterableIterator<string> {
    return this.totals.keys();
  }
}

/**
 * Services sorted by score, highest first (ties by name, so rankings are deterministic), followed by the
 * `others` that have no score, by name.
 */
export function rankByScore(scores: ReadonlyMap<string, number>, others: Iterable<string>): string[] {
  const scored = [...scores].sort((a, b) => b[1] - a[1] || compareNames(a[0], b[0])).map(([name]) => name);
  const rest = [...new Set(others)].filter((name) => !scores.has(name)).sort(compareNames);
  return [...scored, ...rest];
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
