/**
 * Filled contours: the levels that split a grid's values into bands, and each grid value's band.
 * Loss surfaces span many orders of magnitude (Rosenbrock: 0 in the valley, 10⁴ on the rim), so
 * when most values crowd near the minimum the levels are spaced geometrically above it; otherwise
 * evenly. Non-finite values get band −1 and are drawn as holes.
 */

export interface ContourLevels {
  /** Increasing boundaries; band i holds values in [levels[i], levels[i+1]). */
  readonly levels: Float64Array;
  readonly scale: 'linear' | 'log';
  readonly min: number;
  readonly max: number;
}

/**
 * `count` bands over the finite values. Log spacing is chosen when the median sits in the bottom
 * 15 % of the range — a linear scale would put nearly the whole picture in one band.
 */
export function contourLevels(values: ArrayLike<number>, count: number): ContourLevels {
  // min and max exactly; the quantiles from an evenly strided sample of at most ~4096 values, sorted
  // as a typed array (numeric, no comparator): this runs on every pan and zoom.
  let min = Infinity, max = -Infinity, finiteCount = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v && v !== Infinity && v !== -Infinity) {
      finiteCount++;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (finiteCount === 0) return { levels: Float64Array.of(0, 1), scale: 'linear', min: NaN, max: NaN };
  const range = max - min;
  if (!(range > 0)) return { levels: Float64Array.of(min, min + 1), scale: 'linear', min, max };
  const stride = Math.max(1, Math.floor(values.length / 4096));
  const sample = new Float64Array(Math.ceil(values.length / stride));
  let k = 0;
  for (let i = 0; i < values.length; i += stride) if (Number.isFinite(values[i])) sample[k++] = values[i];
  const finite = k > 0 ? sample.subarray(0, k).sort() : Float64Array.of(min, max);
  const median = finite[finite.length >> 1];
  const levels = new Float64Array(count + 1);
  if ((median - min) / range < 0.15) {
    // Geometric in (f − min) from the 1st percentile's height (at least range·1e-6) up to the range.
    const low = Math.max(finite[Math.floor(finite.length * 0.01)] - min, range * 1e-6);
    const ratio = range / low;
    levels[0] = min;
    for (let i = 1; i <= count; i++) levels[i] = min + low * ratio ** ((i - 1) / (count - 1));
    levels[count] = max;
    return { levels: strictlyIncreasing(levels), scale: 'log', min, max };
  }
  for (let i = 0; i <= count; i++) levels[i] = min + (range * i) / count;
  levels[count] = max;
  return { levels: strictlyIncreasing(levels), scale: 'linear', min, max };
}

/**
 * The levels without repeats: a range of a few subnormals (or steps below the precision of a large
 * minimum) rounds neighbouring levels to one value, and a band between equal levels could hold no value.
 */
function strictlyIncreasing(levels: Float64Array): Float64Array {
  let n = 1;
  for (let i = 1; i < levels.length; i++) if (levels[i] > levels[n - 1]) levels[n++] = levels[i];
  return n === levels.length ? levels : levels.slice(0, n);
}

/** The band of `v` (0 to levels.length − 2), or −1 when v is NaN or infinite. */
export function bandOf(v: number, levels: Float64Array): number {
  if (!Number.isFinite(v)) return -1;
  let lo = 0;
  let hi = levels.length - 2;
  if (v <= levels[0]) return 0;
  if (v >= levels[hi]) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (levels[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Every value's band, into `out` (reused between redraws so dragging allocates nothing). */
export function bands(values: Float64Array, levels: Float64Array, out = new Int16Array(values.length)): Int16Array {
  for (let i = 0; i < values.length; i++) out[i] = bandOf(values[i], levels);
  return out;
}
