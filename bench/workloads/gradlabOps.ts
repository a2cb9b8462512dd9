/**
 * Engine pieces the workloads need that are composed from core ops.
 */

import {
  Tensor, exp, expm1, gather, gt, log, log1p, max, mean, mul, neg, noGrad, normalCdf, relu, sigmoid, sub, sum, tanh, where,
} from '../../src/engine/index';
import type { GRID_ACTIVATIONS } from './spec';

/** mean over rows of -log_softmax(logits)[row, label]; the max is subtracted (as a constant) for stability. */
export function nllOfLogSoftmax(logits: Tensor, labels: Tensor, _classes: number): Tensor {
  const m = noGrad(() => max(logits, 1, true));
  const shifted = sub(logits, m);
  const logp = sub(shifted, log(sum(exp(shifted), 1, true)));
  return neg(mean(gather(logp, 1, labels)));
}

export const GRADLAB_ACTIVATIONS: Record<(typeof GRID_ACTIVATIONS)[number], (x: Tensor) => Tensor> = {
  sigmoid: (x) => sigmoid(x),
  tanh: (x) => tanh(x),
  relu: (x) => relu(x),
  elu: (x) => where(gt(x, 0), x, expm1(x)),
  gelu: (x) => mul(x, normalCdf(x)),
  softplus: (x) => log1p(exp(x)),
};
