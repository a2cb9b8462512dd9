/**
 * Softmax (and log-softmax) are vector-valued, so instead of a curve the panel shows a worked example:
 * logits z and a temperature T, the outputs of f(z / T), and the Jacobian ∂f_i/∂z_j, every row from
 * the engine's autograd (one backward pass per output). For softmax it equals (diag(p) − p pᵀ) / T.
 * Pure.
 */

import { Tensor, div, grad } from '../engine';
import type { VectorExample } from '../protocol';
import { findActivation } from './catalog';

export interface VectorValues {
  readonly outputs: Float64Array;
  /** Row-major n x n. */
  readonly jacobian: Float64Array;
}

export const TEMPERATURE_LIMITS = { min: 0.05, max: 10 } as const;
export const MAX_LOGITS = 8;

export function computeVectorExample(example: VectorExample): VectorValues {
  const spec = findActivation(example.name);
  if (!spec || spec.kind !== 'normalizer') throw new Error(`${example.name} is not a vector-valued activation`);
  const n = example.logits.length;
  const z = Tensor.from(example.logits, [n], true);
  const out = spec.apply(div(z, example.temperature));
  const jacobian = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const seed = new Float64Array(n);
    seed[i] = 1;
    // The gradient of output i alone: row i of the Jacobian.
    const [row] = grad(out, z, { gradOutputs: new Tensor(seed, [n]), materializeGrads: true });
    jacobian.set(row.data, i * n);
  }
  return { outputs: Float64Array.from(out.data), jacobian };
}
