/** Linear scales and tick values for the report's SVG charts. */

/** Maps a domain value to a pixel position; values outside the domain are clamped, non-finite ones map to the start. */
export type Scale = (value: number) => number;

/** A linear scale from `[d0, d1]` to `[r0, r1]`. */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const span = d1 - d0 || 1;
  return (value) => {
    if (!Number.isFinite(value)) return r0;
    const t = Math.min(1, Math.max(0, (value - d0) / span));
    return round(r0 + t * (r1 - r0));
  };
}

/** Evenly spaced "nice" tick values (1, 2 or 5 times a power of ten) covering `[lo, hi]`, about `count` of them. */
export function niceTicks(lo: number, hi: number, count: number): readonly number[] {
  if (!(hi > lo) || !Number.isFinite(lo) || !Number.isFinite(hi)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) ticks.push(round(v, 9));
  return ticks;
}

/** Rounds to `digits` decimals (2 by default: enough for pixel coordinates, short markup). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
