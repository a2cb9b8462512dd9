/**
 * Expectations over a standard normal, E[f(Z)] for Z ~ N(0, 1), for the mean-field theory.
 *
 * WHY not plain Gauss–Hermite: the integrands here are things like relu'(z)^2, a step. A
 * Gauss–Hermite rule converges only like 1/n across a jump, so 100 nodes still leave an error
 * around 1e-3, and a kink's position (6/sqrt(q) for relu6, say) moves with q. Instead we use
 * adaptive Gauss–Kronrod (7/15 points) on panels of [-L, L] with breakpoints at 0 and at any
 * known kinks: smooth panels are accepted in the first round, and a panel holding an unknown
 * jump is bisected until the jump's contribution is below tolerance. All integrands are
 * evaluated together, one batch per round, because every evaluation goes through the engine.
 */

/** Evaluates several integrands at once: returns one array per integrand, aligned with z. */
export type BatchIntegrand = (z: Float64Array) => readonly Float64Array[];

export interface QuadratureOptions {
  /** Integration limit: the Gaussian mass beyond ±L is 2·Φ(-L) (1.5e-23 for L = 10). */
  readonly limit?: number;
  /** Extra points where the integrands have kinks or jumps; 0 is always a breakpoint. */
  readonly breakpoints?: readonly number[];
  /** Initial panel width before adaptive bisection (default 1). */
  readonly panelWidth?: number;
  /**
   * Error target for each expectation: tolerance + relativeTolerance × its magnitude (defaults
   * 1e-15 and 1e-12). An array gives each integrand its own relative tolerance.
   */
  readonly tolerance?: number;
  readonly relativeTolerance?: number | readonly number[];
  /** Bisection rounds before giving up on a panel (default 60: a jump's panel shrinks to 2^-60). */
  readonly maxRounds?: number;
  /** Most panels refined in one round; beyond it the current estimates are accepted (default 4096). */
  readonly maxPanels?: number;
}

// Gauss–Kronrod 7/15 nodes on [-1, 1] (QUADPACK's qk15): Kronrod nodes and weights for
// x >= 0, largest first; the Gauss nodes are every other Kronrod node (indices 1, 3, 5, 7).
const XGK = [
  0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
  0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
  0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
  0.207784955007898467600689403773245, 0,
];
const WGK = [
  0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
  0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
  0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
  0.204432940075298892414161999234649, 0.209482141084727828012999174891714,
];
const WG = [0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
  0.381830050505118944950369775488975, 0.417959183673469387755102040816327];

/** The 15 Kronrod abscissae on [-1, 1] in ascending order, with Kronrod and Gauss weights. */
const NODES: readonly { x: number; wk: number; wg: number }[] = (() => {
  const list: { x: number; wk: number; wg: number }[] = [];
  for (let i = 0; i < 7; i++) list.push({ x: -XGK[i], wk: WGK[i], wg: i % 2 === 1 ? WG[(i - 1) / 2] : 0 });
  list.push({ x: 0, wk: WGK[7], wg: WG[3] });
  for (let i = 6; i >= 0; i--) list.push({ x: XGK[i], wk: WGK[i], wg: i % 2 === 1 ? WG[(i - 1) / 2] : 0 });
  return list;
})();

/** Exposed for tests: the 15-point rule on [-1, 1]. */
export const KRONROD_15 = NODES;

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * Each panel may contribute this fraction of the tolerance, whatever its width. (A share
 * proportional to the width would never be met by a panel holding a jump: halving it halves
 * both its error and its share.) |K15 - G7| overestimates K15's real error by orders of
 * magnitude on smooth panels, so the accepted total stays well within the tolerance.
 */
const PANEL_SHARE = 1 / 64;

interface Panel {
  readonly a: number;
  readonly b: number;
  readonly round: number;
}

/** The initial panels: [-L, L] cut at 0, at the breakpoints and every `width` in between. */
function initialPanels(limit: number, width: number, breakpoints: readonly number[]): Panel[] {
  const cuts = new Set<number>([-limit, 0, limit]);
  for (const p of breakpoints) if (Number.isFinite(p) && Math.abs(p) < limit) cuts.add(p);
  const sorted = [...cuts].sort((x, y) => x - y);
  const panels: Panel[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) {
    const n = Math.max(1, Math.ceil((sorted[i + 1] - sorted[i]) / width));
    const h = (sorted[i + 1] - sorted[i]) / n;
    for (let k = 0; k < n; k++) {
      panels.push({ a: sorted[i] + k * h, b: k === n - 1 ? sorted[i + 1] : sorted[i] + (k + 1) * h, round: 0 });
    }
  }
  return panels;
}

/**
 * E[f_k(Z)] for each integrand f_k returned by `f`, Z ~ N(0, 1). Non-finite integrand values
 * propagate into the result (an overflow is reported, not hidden).
 */
export function gaussianExpectations(f: BatchIntegrand, options: QuadratureOptions = {}): number[] {
  const limit = options.limit ?? 10;
  const absTol = options.tolerance ?? 1e-15;
  const relTol = options.relativeTolerance ?? 1e-12;
  const maxRounds = options.maxRounds ?? 60;
  const maxPanels = options.maxPanels ?? 4096;
  let active = initialPanels(limit, options.panelWidth ?? 1, options.breakpoints ?? []);
  let totals: number[] | null = null;
  let tolerances: number[] | null = null;
  while (active.length > 0) {
    const estimates = estimatePanels(f, active);
    if (tolerances === null) {
      // The first round sees the whole line: its sum of |estimates| sets each integral's scale.
      const scale = estimates[0].value.map((_, k) => estimates.reduce((acc, e) => acc + Math.abs(e.value[k]), 0));
      tolerances = scale.map((s, k) => absTol + (typeof relTol === 'number' ? relTol : relTol[k]) * s);
      totals = scale.map(() => 0);
    }
    const next: Panel[] = [];
    const giveUp = active.length > maxPanels;
    active.forEach((p, i) => {
      const { value, error } = estimates[i];
      const settled = giveUp || p.round >= maxRounds ||
        error.every((err, k) => !(err > PANEL_SHARE * tolerances![k])); // a NaN error settles: NaN is reported
      if (settled) {
        value.forEach((v, k) => { totals![k] += v; });
      } else {
        const mid = (p.a + p.b) / 2;
        next.push({ a: p.a, b: mid, round: p.round + 1 }, { a: mid, b: p.b, round: p.round + 1 });
      }
    });
    active = next;
  }
  return totals ?? [];
}

/** Kronrod-15 estimates of every integrand's Gaussian-weighted integral over each panel, with |K15 - G7|. */
function estimatePanels(f: BatchIntegrand, panels: readonly Panel[]): { value: number[]; error: number[] }[] {
  const n = NODES.length;
  const z = new Float64Array(panels.length * n);
  panels.forEach((p, i) => {
    const mid = (p.a + p.b) / 2, half = (p.b - p.a) / 2;
    NODES.forEach((node, j) => { z[i * n + j] = mid + half * node.x; });
  });
  const values = f(z);
  const density = z.map((v) => Math.exp(-0.5 * v * v) * INV_SQRT_2PI);
  return panels.map((p, i) => {
    const half = (p.b - p.a) / 2;
    const value: number[] = [];
    const error: number[] = [];
    for (const v of values) {
      let sk = 0, sg = 0;
      for (let j = 0; j < n; j++) {
        const fz = v[i * n + j] * density[i * n + j];
        sk += NODES[j].wk * fz;
        sg += NODES[j].wg * fz;
      }
      value.push(sk * half);
      error.push(Math.abs(sk - sg) * half);
    }
    return { value, error };
  });
}

/** E[f(Z)] for a single integrand evaluated pointwise (convenience for plain functions). */
export function gaussianExpectation(f: (z: number) => number, options: QuadratureOptions = {}): number {
  return gaussianExpectations((z) => [z.map(f)], options)[0];
}
