/**
 * The benchmark workloads of shared/notes/performance.md, by id and name, and the seeded inputs
 * every backend starts from. All backends read the same numbers (tfjs rounds them to float32), so
 * their first-step losses agree and the harness can check that they compute the same thing.
 */

import { Rng } from '../../src/engine/index';

export const WORKLOADS = {
  W1: 'W1 softmax-regression-step',
  W2: 'W2 deep-mlp-fwd-bwd',
  W3: 'W3 depth sweep',
  W4: 'W4 mnist-mlp-step',
  W5: 'W5 activation-grid',
} as const;
export type WorkloadId = keyof typeof WORKLOADS;
export const WORKLOAD_IDS = Object.keys(WORKLOADS) as WorkloadId[];

export const BACKENDS = ['gradlab', 'tfjs-cpu', 'tfjs-wasm'] as const;
export type Backend = (typeof BACKENDS)[number];

export const W3_DEPTHS = [1, 2, 4, 8, 16, 32, 64, 128] as const;
export const W2_DEPTH = 32;

export const BATCH = 64;
export const LEARNING_RATE = 0.1;
export const CLASSES = 10;
export const PIXELS = 784;
export const MLP_WIDTH = 64;
export const MNIST_HIDDEN = 128;
export const GRID_POINTS = 2001;
export const GRID_RANGE = 6;
/** W5's six activations, in the order every backend evaluates them. */
export const GRID_ACTIVATIONS = ['sigmoid', 'tanh', 'relu', 'elu', 'gelu', 'softplus'] as const;
/**
 * W5's check: f + f' summed at these points (x = -3 and x = 1.8), away from 0 where backends may
 * pick different one-sided derivatives of relu.
 */
export const GRID_PROBES = [500, 1300] as const;

/** A dense layer's starting values: weight is [fanIn, fanOut] row-major (x @ W), bias is zero. */
export interface LayerInit {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly weight: Float64Array;
}

/** A classification batch: pixels in U(0,1) and integer labels, with their one-hot rows. */
export interface ClassBatch {
  readonly x: Float64Array; // [BATCH, PIXELS]
  readonly labels: Int32Array; // [BATCH]
  readonly oneHot: Float64Array; // [BATCH, CLASSES]
}

function layer(rng: Rng, fanIn: number, fanOut: number, std: number): LayerInit {
  return { fanIn, fanOut, weight: rng.fillNormal(new Float64Array(fanIn * fanOut), 0, std) };
}

function classBatch(rng: Rng): ClassBatch {
  const x = rng.fillUniform(new Float64Array(BATCH * PIXELS), 0, 1);
  const labels = new Int32Array(BATCH);
  const oneHot = new Float64Array(BATCH * CLASSES);
  for (let i = 0; i < BATCH; i++) {
    labels[i] = rng.int(CLASSES);
    oneHot[i * CLASSES + labels[i]] = 1;
  }
  return { x, labels, oneHot };
}

/** W1: softmax regression, W ~ N(0, 0.01²). */
export function softmaxRegressionInputs(): { batch: ClassBatch; layer: LayerInit } {
  const rng = new Rng('bench-W1');
  return { batch: classBatch(rng), layer: layer(rng, PIXELS, CLASSES, 0.01) };
}

/** W4: 784-128(relu)-10 with He (Kaiming normal, fan_in) initialisation. */
export function mnistMlpInputs(): { batch: ClassBatch; layers: LayerInit[] } {
  const rng = new Rng('bench-W4');
  const he = (fanIn: number, fanOut: number) => layer(rng, fanIn, fanOut, Math.sqrt(2 / fanIn));
  return { batch: classBatch(rng), layers: [he(PIXELS, MNIST_HIDDEN), he(MNIST_HIDDEN, CLASSES)] };
}

/** W2/W3: x ~ U(-1,1)² with target sin(3 x0) cos(2 x1); `depth` tanh layers of width 64, then 64 -> 1. */
export function deepMlpInputs(depth: number): { x: Float64Array; target: Float64Array; layers: LayerInit[] } {
  const rng = new Rng(`bench-W2-depth-${depth}`);
  const x = rng.fillUniform(new Float64Array(BATCH * 2), -1, 1);
  const target = new Float64Array(BATCH);
  for (let i = 0; i < BATCH; i++) target[i] = Math.sin(3 * x[2 * i]) * Math.cos(2 * x[2 * i + 1]);
  const widths = [2, ...Array.from({ length: depth }, () => MLP_WIDTH), 1];
  const layers: LayerInit[] = [];
  for (let l = 0; l + 1 < widths.length; l++) layers.push(layer(rng, widths[l], widths[l + 1], Math.sqrt(1 / widths[l])));
  return { x, target, layers };
}

/**
 * FLOPs of a step's matrix products (2·rows·inner·cols each): per dense layer the forward product and the
 * weight gradient, plus the input gradient for every layer but the first (the batch needs no gradient).
 * Everything else a step does (activations, loss, update) is not counted: the "matrix-product bound" of a
 * workload is this divided by the measured SIMD peak.
 */
export function gemmFlop(workload: WorkloadId, depth: number): number | null {
  const layers = workload === 'W1' ? [softmaxRegressionInputs().layer]
    : workload === 'W4' ? mnistMlpInputs().layers
    : workload === 'W2' || workload === 'W3' ? deepMlpInputs(depth).layers
    : null;
  if (layers === null) return null;
  return layers.reduce((sum, l, i) => sum + 2 * BATCH * l.fanIn * l.fanOut * (i === 0 ? 2 : 3), 0);
}

/** W5: 2001 evenly spaced points in [-6, 6]. */
export function gridPoints(): Float64Array {
  const xs = new Float64Array(GRID_POINTS);
  for (let i = 0; i < GRID_POINTS; i++) xs[i] = -GRID_RANGE + (2 * GRID_RANGE * i) / (GRID_POINTS - 1);
  return xs;
}
