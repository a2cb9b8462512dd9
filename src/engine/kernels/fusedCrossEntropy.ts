/**
 * The speed fork of `crossEntropy(logits, targets)` with the default mean reduction, as one op.
 *
 * The teaching form (losses.ts) is nllLoss(logSoftmax(logits)): six ops forward (logSoftmax, gather,
 * reshape, neg, sum, div) and as many backward, each with its own small array. Here the forward is
 * one pass over the rows and the unrecorded backward one more, computing the same numbers bit for
 * bit: each row's log-probabilities as ops/softmax.ts computes them, the loss as Σ(-log p[i, t_i])
 * from 0 in row order divided by N, and the gradient as the teaching backward's chain evaluates it
 * (G = -(g / N) at each target and 0 elsewhere, s = Σ_j G[i, j] from 0, dx = G - e^{log p}·s).
 * A recorded backward (createGraph) differentiates the teaching ops instead, so it differentiates
 * again.
 */
import { isGradEnabled, record } from '../graph';
import { grad } from '../autograd';
import { Tensor } from '../tensor';
import { logSoftmax } from '../ops/softmax';
import { gather, reshape } from '../ops/shape';
import { neg } from '../ops/unary';
import { mean } from '../ops/reduce';
import { takeBuffer } from './bufferPool';
import { expInto } from './exp';

/**
 * Mean cross-entropy of logits [N, C] against `index` ([N, 1] class indices, already checked to be
 * integers in [0, C)).
 */
export function crossEntropyMean(logits: Tensor, index: Tensor): Tensor {
  const [n, c] = logits.shape;
  const x = logits.data, t = index.data;
  // Each row's maximum, then every x - max exponentiated at once (kernels/exp.ts: Math.exp's bits, in bulk).
  const max = new Float64Array(n);
  const logp = takeBuffer(n * c);
  for (let i = 0; i < n; i++) {
    const row = i * c;
    let m = -Infinity;
    for (let j = 0; j < c; j++) if (x[row + j] > m || Number.isNaN(x[row + j])) m = x[row + j];
    max[i] = m;
    for (let j = 0; j < c; j++) logp[row + j] = x[row + j] - m;
  }
  expInto(logp, logp);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const row = i * c, m = max[i];
    let s = 0;
    for (let j = 0; j < c; j++) s += logp[row + j];
    const logS = Math.log(s);
    for (let j = 0; j < c; j++) logp[row + j] = x[row + j] - m - logS;
    total += -logp[row + t[i]];
  }
  const loss = Tensor.scalar(total / n);
  return record('crossEntropy', loss, [logits], (g) => {
    if (isGradEnabled()) {
      const teaching = mean(neg(reshape(gather(logSoftmax(logits, 1), 1, index), [n])));
      return [grad(teaching, logits, { gradOutputs: g, createGraph: true })[0]];
    }
    const picked = -(g.data[0] / n);
    const dx = takeBuffer(n * c);
    expInto(logp, dx); // e^{log p}, overwritten row by row below
    for (let i = 0; i < n; i++) {
      const row = i * c, target = row + t[i];
      let s = 0;
      for (let j = 0; j < c; j++) s += row + j === target ? 0 + picked : 0;
      for (let j = 0; j < c; j++) dx[row + j] = (row + j === target ? 0 + picked : 0) - dx[row + j] * s;
    }
    return [new Tensor(dx, [n, c])];
  });
}
