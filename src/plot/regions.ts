/**
 * Where an activation stops passing gradient: x intervals where |f'| < 0.01 (saturating: sigmoid's and
 * tanh's tails) and where f' = 0 exactly (dead: ReLU for x < 0, hardtanh beyond ±1). The panel shades
 * them; the threshold is the one the lessons use. Pure.
 */

export const SATURATION_THRESHOLD = 0.01;

export type RegionKind = 'saturated' | 'dead';

export interface Region {
  readonly kind: RegionKind;
  /** x interval, extended halfway to the neighbouring grid points so adjacent runs meet. */
  readonly x0: number;
  readonly x1: number;
}

function kindAt(d: number): RegionKind | undefined {
  if (d === 0) return 'dead';
  if (Math.abs(d) < SATURATION_THRESHOLD) return 'saturated'; // false for NaN: no claim where f' is undefined
  return undefined;
}

/** Maximal runs of grid points with the same kind, as x intervals. `x` ascending, aligned with `df`. */
export function findRegions(x: ArrayLike<number>, df: ArrayLike<number>): Region[] {
  const n = Math.min(x.length, df.length);
  const edge = (i: number) => (i <= 0 ? x[0] : i >= n ? x[n - 1] : (x[i - 1] + x[i]) / 2);
  const regions: Region[] = [];
  let start = 0;
  let current = n > 0 ? kindAt(df[0]) : undefined;
  for (let i = 1; i <= n; i++) {
    const k = i < n ? kindAt(df[i]) : undefined;
    if (i === n || k !== current) {
      if (current !== undefined) regions.push({ kind: current, x0: edge(start), x1: edge(i) });
      start = i;
      current = k;
    }
  }
  return regions;
}
