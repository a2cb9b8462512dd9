/**
 * Paints contour bands into RGBA pixels (one pixel per grid point; the canvas scales the image up).
 * Colours run along viridis (dark purple low, yellow high), readable in light and dark themes and by
 * most colour-blind readers; a pixel whose right or lower neighbour lies in another band is darkened,
 * which draws the contour lines for free. Holes (band −1) stay transparent, so whatever is under the
 * image — a hatch pattern on the panel — shows where f is NaN or infinite.
 */

const VIRIDIS: readonly (readonly [number, number, number])[] = [
  [68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142],
  [31, 158, 137], [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37],
];

/** The colour of band `i` of `count`, as [r, g, b]. */
export function bandColor(i: number, count: number): [number, number, number] {
  const t = count <= 1 ? 0 : i / (count - 1);
  const pos = t * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(pos));
  const f = pos - k;
  const a = VIRIDIS[k], b = VIRIDIS[k + 1];
  return [Math.round(a[0] + (b[0] - a[0]) * f), Math.round(a[1] + (b[1] - a[1]) * f), Math.round(a[2] + (b[2] - a[2]) * f)];
}

/** A packed lookup table: 4 bytes per band. */
export function bandPalette(count: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(count * 4);
  for (let i = 0; i < count; i++) {
    const [r, g, b] = bandColor(i, count);
    out.set([r, g, b, 255], i * 4);
  }
  return out;
}

/** Fills `rgba` (nx·ny·4 bytes) from the bands; returns how many grid points are holes. */
export function paintBands(bands: Int16Array, nx: number, ny: number, palette: Uint8ClampedArray, rgba: Uint8ClampedArray): number {
  let holes = 0;
  for (let r = 0; r < ny; r++) {
    for (let c = 0; c < nx; c++) {
      const i = r * nx + c;
      const b = bands[i];
      const o = i * 4;
      if (b < 0) {
        rgba[o + 3] = 0;
        holes++;
        continue;
      }
      const edge = (c + 1 < nx && bands[i + 1] !== b && bands[i + 1] >= 0) || (r + 1 < ny && bands[i + nx] !== b && bands[i + nx] >= 0);
      const p = b * 4;
      const k = edge ? 0.62 : 1;
      rgba[o] = palette[p] * k;
      rgba[o + 1] = palette[p + 1] * k;
      rgba[o + 2] = palette[p + 2] * k;
      rgba[o + 3] = 255;
    }
  }
  return holes;
}

/**
 * A finer grid by bilinear interpolation (a coarse grid such as the network slice's 41 × 41 would
 * otherwise show its cells as steps in the contour lines). A cell touching a non-finite value stays
 * a hole. Returns (factor·(n − 1) + 1)² values.
 */
export function upsample(values: ArrayLike<number>, n: number, factor: number): { values: Float64Array; size: number } {
  const size = factor * (n - 1) + 1;
  const out = new Float64Array(size * size);
  for (let r = 0; r < size; r++) {
    const fr = r / factor, r0 = Math.min(n - 2, Math.floor(fr)), tr = fr - r0;
    for (let c = 0; c < size; c++) {
      const fc = c / factor, c0 = Math.min(n - 2, Math.floor(fc)), tc = fc - c0;
      const a = values[r0 * n + c0], b = values[r0 * n + c0 + 1], d = values[(r0 + 1) * n + c0], e = values[(r0 + 1) * n + c0 + 1];
      // Terms of weight 0 are left out, so a grid point beside a hole keeps its own value (0 · NaN is NaN).
      let v = 0;
      if (tr < 1 && tc < 1) v += a * (1 - tc) * (1 - tr);
      if (tr < 1 && tc > 0) v += b * tc * (1 - tr);
      if (tr > 0 && tc < 1) v += d * (1 - tc) * tr;
      if (tr > 0 && tc > 0) v += e * tc * tr;
      out[r * size + c] = v;
    }
  }
  return { values: out, size };
}
