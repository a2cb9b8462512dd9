/**
 * Computes a network's loss on a 2-D slice through its parameters (Li et al. 2018): train the
 * config (recording the parameters along the way), then evaluate the loss at θ* + a·δ + b·η on a
 * grid around the trained θ*, and project the recorded trajectory onto (δ, η).
 *
 * Directions: 'random' draws Gaussian δ, η and filter-normalizes them — each row of a weight
 * matrix (one unit's incoming weights, a "filter") is rescaled to the norm of the same row of θ*,
 * so the picture does not depend on how weights are scaled layer by layer; biases and batch-norm
 * parameters get direction 0, as in the paper. 'pca' takes the two principal directions of the
 * trajectory θ_i − θ* (the plane the run moved in most).
 *
 * Async only to yield between grid rows, so a worker can receive `cancel` and post progress.
 */
import { Rng, type Tensor } from '../engine';
import { checkConfig, formatProblem, hasErrors } from '../training/config';
import { buildDataset, type DataSources } from '../training/datasets';
import { Trainer } from '../training/trainer';
import type { NetworkSliceRequest, NetworkSliceResult, SliceBasis } from './networkSlice';
import { sliceLoss } from './sliceLoss';

export interface SliceProgress {
  (done: number, total: number, phase: 'training' | 'grid'): void;
}

export class SliceCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
/** At most this many parameter snapshots along the trajectory (the PCA and the drawn path). */
const SNAPSHOTS = 60;

function flatten(params: readonly Tensor[], out?: Float64Array): Float64Array {
  const n = params.reduce((s, p) => s + p.data.length, 0);
  const flat = out ?? new Float64Array(n);
  let o = 0;
  for (const p of params) {
    flat.set(p.data, o);
    o += p.data.length;
  }
  return flat;
}

/** Writes center + a·d1 + b·d2 into the parameters. */
function setParams(params: readonly Tensor[], center: Float64Array, d1: Float64Array, d2: Float64Array, a: number, b: number): void {
  let o = 0;
  for (const p of params) {
    const data = p.data;
    for (let i = 0; i < data.length; i++, o++) data[i] = center[o] + a * d1[o] + b * d2[o];
  }
}

/** Gaussian directions rescaled filter by filter to θ*'s row norms; zero for 1-D parameters. */
export function filterNormalizedDirection(params: readonly Tensor[], rng: Rng): Float64Array {
  const d = new Float64Array(params.reduce((s, p) => s + p.data.length, 0));
  let o = 0;
  for (const p of params) {
    const n = p.data.length;
    if (p.shape.length >= 2) {
      const rowLen = n / p.shape[0];
      const draw = rng.fillNormal(new Float64Array(n));
      for (let r = 0; r < p.shape[0]; r++) {
        let wn = 0, dn = 0;
        for (let j = 0; j < rowLen; j++) {
          wn += p.data[r * rowLen + j] ** 2;
          dn += draw[r * rowLen + j] ** 2;
        }
        const k = dn > 0 ? Math.sqrt(wn) / Math.sqrt(dn) : 0;
        for (let j = 0; j < rowLen; j++) d[o + r * rowLen + j] = draw[r * rowLen + j] * k;
      }
    }
    o += n;
  }
  return d;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/**
 * The two leading principal directions of the rows of `m` (centred on 0 = θ*), unit length, via the
 * small Gram matrix G = M Mᵀ (snapshots × snapshots) and power iteration with deflation.
 */
export function principalDirections(m: readonly Float64Array[]): { d1: Float64Array; d2: Float64Array; explained: [number, number] } {
  const k = m.length;
  const g = m.map((a) => m.map((b) => dot(a, b)));
  const total = g.reduce((s, row, i) => s + row[i], 0);
  const vectors: Float64Array[] = [];
  const values: number[] = [];
  for (let c = 0; c < 2; c++) {
    let v = Float64Array.from({ length: k }, (_, i) => 1 + 0.01 * i * (c + 1));
    let lambda = 0;
    for (let it = 0; it < 500; it++) {
      const w = new Float64Array(k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) w[i] += g[i][j] * v[j];
      for (const u of vectors) {
        const proj = dot(w, u);
        for (let i = 0; i < k; i++) w[i] -= proj * u[i];
      }
      const norm = Math.sqrt(dot(w, w));
      if (!(norm > 0)) break;
      for (let i = 0; i < k; i++) w[i] /= norm;
      const done = Math.abs(norm - lambda) <= 1e-12 * norm;
      lambda = norm;
      v = w;
      if (done) break;
    }
    vectors.push(v);
    values.push(lambda);
  }
  const dim = m[0]?.length ?? 0;
  const dirs = vectors.map((v) => {
    const d = new Float64Array(dim);
    m.forEach((row, i) => { for (let j = 0; j < dim; j++) d[j] += v[i] * row[j]; });
    const n = Math.sqrt(dot(d, d));
    if (n > 0) for (let j = 0; j < dim; j++) d[j] /= n;
    return d;
  });
  return { d1: dirs[0], d2: dirs[1], explained: [total > 0 ? values[0] / total : 0, total > 0 ? values[1] / total : 0] };
}

/** Least-squares coordinates (a, b) of v in the span of d1, d2 (which need not be orthogonal). */
export function project(v: Float64Array, d1: Float64Array, d2: Float64Array): [number, number] {
  const g11 = dot(d1, d1), g12 = dot(d1, d2), g22 = dot(d2, d2);
  const r1 = dot(d1, v), r2 = dot(d2, v);
  const det = g11 * g22 - g12 * g12;
  if (!(Math.abs(det) > 0)) return [g11 > 0 ? r1 / g11 : 0, 0];
  return [(r1 * g22 - r2 * g12) / det, (r2 * g11 - r1 * g12) / det];
}

export async function computeNetworkSlice(
  request: NetworkSliceRequest, sources: DataSources, onProgress: SliceProgress, isCancelled: () => boolean,
): Promise<NetworkSliceResult> {
  const checked = checkConfig(request.configText);
  if (!checked.config || hasErrors(checked.problems)) {
    const first = checked.problems.find((p) => p.severity === 'error');
    throw new Error(first ? formatProblem(request.configPath, request.configText, first) : `${request.configPath}: the config is not valid`);
  }
  const config = checked.config;
  const dataset = buildDataset(config.data, config.seed, sources);
  const t0 = Date.now();
  const trainer = new Trainer(config, dataset, { maxSteps: request.maxSteps });
  const params = trainer.model.parameters();
  const every = Math.max(1, Math.ceil(trainer.totalSteps / SNAPSHOTS));
  const snapshots: Float64Array[] = [flatten(params)];
  while (!trainer.done) {
    const outcome = trainer.step();
    if (outcome.divergence) throw new Error(`the training run diverged before the slice could be drawn: ${outcome.divergence.message}`);
    if (trainer.steps % every === 0 || trainer.done) snapshots.push(flatten(params));
    if (trainer.steps % 20 === 0) {
      onProgress(trainer.steps, trainer.totalSteps, 'training');
      await yieldToEventLoop();
      if (isCancelled()) throw new SliceCancelled();
    }
  }
  const trainMs = Date.now() - t0;
  const center = flatten(params);
  const offsets = snapshots.map((s) => s.map((v, i) => v - center[i]));
  let d1: Float64Array, d2: Float64Array, explained: [number, number] | null = null;
  if (request.basis === 'pca') {
    const pcs = principalDirections(offsets.slice(0, -1)); // the last snapshot is θ* itself
    // Unit PCA directions are tiny next to θ*; scale both by the trajectory's extent so the grid covers it.
    const extent = Math.max(...offsets.map((o) => Math.sqrt(dot(o, o))), 1e-12);
    d1 = pcs.d1.map((v) => v * extent);
    d2 = pcs.d2.map((v) => v * extent);
    explained = pcs.explained;
  } else {
    const rng = new Rng(config.seed).fork('landscape/directions');
    d1 = filterNormalizedDirection(params, rng.fork('delta'));
    d2 = filterNormalizedDirection(params, rng.fork('eta'));
  }
  const samples = Math.min(request.samples, dataset.train.size);
  const batch = Array.from({ length: samples }, (_, i) => i);
  const loss = sliceLoss(trainer, batch);
  const lossAt = (a: number, b: number) => {
    setParams(params, center, d1, d2, a, b);
    return loss();
  };
  const n = request.gridSize;
  const t1 = Date.now();
  const values = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    const b = request.span * (1 - (2 * r) / (n - 1));
    for (let c = 0; c < n; c++) {
      const a = request.span * ((2 * c) / (n - 1) - 1);
      const v = lossAt(a, b);
      values[r * n + c] = Number.isFinite(v) ? v : NaN;
    }
    onProgress(r + 1, n, 'grid');
    await yieldToEventLoop();
    if (isCancelled()) throw new SliceCancelled();
  }
  const centerLoss = lossAt(0, 0);
  setParams(params, center, d1, d2, 0, 0);
  return {
    basis: request.basis as SliceBasis,
    gridSize: n,
    span: request.span,
    values,
    centerLoss,
    trajectory: offsets.map((o) => project(o, d1, d2)),
    steps: trainer.steps,
    samples,
    parameterCount: center.length,
    trainMs,
    gridMs: Date.now() - t1,
    explained,
  };
}
