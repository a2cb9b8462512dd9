/**
 * Losses, as torch.nn.functional defines them (reduction 'mean' by default).
 *
 * Built from ops, so their gradients (and second derivatives) come from autograd. Cross-entropy
 * goes through logSoftmax, never log(softmax(x)): softmax underflows to 0 for a logit far below
 * its row's maximum, and log(0) = -inf, while logSoftmax stays finite (see ops/softmax.ts).
 */

import { Tensor, shapeToString, sameShape } from './tensor';
import { add, mul, sub } from './ops/elementwise';
import { log, neg } from './ops/unary';
import { clamp } from './ops/compare';
import { logSigmoid } from './ops/piecewise';
import { logSoftmax } from './ops/softmax';
import { mean, sum } from './ops/reduce';
import { gather, reshape } from './ops/shape';
import { crossEntropyMean } from './kernels/fusedCrossEntropy';

export type Reduction = 'mean' | 'sum' | 'none';

/** Class indices, one per row. */
export type Targets = readonly number[] | Int32Array | Tensor;

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? mean(loss) : reduction === 'sum' ? sum(loss) : loss;
}

function checkSameShape(what: string, a: Tensor, b: Tensor): void {
  if (!sameShape(a.shape, b.shape)) {
    throw new Error(`${what}: input of shape ${shapeToString(a.shape)} and target of shape ${shapeToString(b.shape)} differ`);
  }
}

/** Mean (or sum) of (input - target)². */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkSameShape('mseLoss', input, target);
  const d = sub(input, target);
  return reduce(mul(d, d), reduction);
}

/** The targets as an [N, 1] index tensor, checked against N rows and C classes. */
function targetIndex(targets: Targets, rows: number, classes: number): Tensor {
  const values = targets instanceof Tensor ? targets.data : targets;
  if (values.length !== rows) throw new Error(`${values.length} targets given for ${rows} rows`);
  for (const t of values) {
    if (!Number.isInteger(t) || t < 0 || t >= classes) throw new Error(`target ${t} is not a class index in [0, ${classes})`);
  }
  return new Tensor(Float64Array.from(values), [rows, 1]);
}

/**
 * Negative log-likelihood: -input[i, target[i]] averaged over rows, for input of
 * log-probabilities [N, C] (torch.nn.functional.nll_loss).
 */
export function nllLoss(logProbs: Tensor, targets: Targets, reduction: Reduction = 'mean'): Tensor {
  if (logProbs.ndim !== 2) throw new Error(`nllLoss expects [N, C] log-probabilities, got ${shapeToString(logProbs.shape)}`);
  const [n, c] = logProbs.shape;
  const picked = gather(logProbs, 1, targetIndex(targets, n, c));
  return reduce(neg(reshape(picked, [n])), reduction);
}

/** Cross-entropy of raw logits [N, C] against class indices: nllLoss(logSoftmax(logits)). */
export function crossEntropy(logits: Tensor, targets: Targets, reduction: Reduction = 'mean'): Tensor {
  // The mean, the training default, runs as one op with the same numbers (kernels/fusedCrossEntropy.ts).
  if (reduction === 'mean' && logits.ndim === 2) {
    return crossEntropyMean(logits, targetIndex(targets, logits.shape[0], logits.shape[1]));
  }
  return nllLoss(logSoftmax(logits, 1), targets, reduction);
}

/**
 * Binary cross-entropy of probabilities p against targets in [0, 1]:
 * -(t·log p + (1 - t)·log(1 - p)). Like PyTorch, each log is clamped at -100, so p = 0 or 1
 * gives a large finite loss rather than inf (the gradient is zero where the clamp is active).
 */
export function binaryCrossEntropy(p: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkSameShape('binaryCrossEntropy', p, target);
  const logP = clamp(log(p), -100);
  const log1mP = clamp(log(sub(1, p)), -100);
  return reduce(neg(add(mul(target, logP), mul(sub(1, target), log1mP))), reduction);
}

/**
 * Binary cross-entropy on logits: -(t·log σ(x) + (1 - t)·log σ(-x)), using logSigmoid, which is
 * finite for every x (σ(x) itself would round to 0 or 1 for |x| > 37 and lose the loss).
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkSameShape('binaryCrossEntropyWithLogits', logits, target);
  const loss = neg(add(mul(target, logSigmoid(logits)), mul(sub(1, target), logSigmoid(neg(logits)))));
  return reduce(loss, reduction);
}
