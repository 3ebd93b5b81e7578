import type { ReadStats } from './source.js';

/** How many problem messages a reader keeps in `ReadStats.problems`; later ones are only counted. */
export const MAX_PROBLEMS = 10;

/** Keeps `message` (formatted `file:position: message`) when fewer than {@link MAX_PROBLEMS} are kept. */
export function recordProblem(stats: ReadStats, message: string): void {
  if (stats.problems.length < MAX_PROBLEMS) stats.problems.push(message);
}

/** Counts one skipped record and keeps its problem message (up to the limit). */
export function recordSkip(stats: ReadStats, message: string): void {
  stats.skipped++;
  recordProblem(stats, message);
}
