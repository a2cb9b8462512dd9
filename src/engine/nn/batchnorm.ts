/**
 * nn.BatchNorm1d with PyTorch's defaults (eps 1e-5, momentum 0.1, affine, running statistics),
 * for inputs [N, C] or [N, C, L]; statistics are per channel C, over N (and L).
 *
 * The training-mode forward is written with ops, so its backward (the closed form in
 * batchnorm.json's definition) and its double backward come from autograd. The variance is
 * taken in two passes, mean((x - mean)²): the one-pass E[x²] - E[x]² cancels catastrophically
 * for x ≈ 1000 with spread 0.01, which is one of the oracle's cases.
 */

import { Tensor, shapeToString } from '../tensor';
import { noGrad } from '../graph';
import { add, div, mul, sub } from '../ops/elementwise';
import { sqrt } from '../ops/unary';
import { mean } from '../ops/reduce';
import { reshape } from '../ops/shape';
import { Module } from './module';

export interface BatchNormOptions {
  eps?: number;
  momentum?: number;
  /** Learnable per-channel scale γ (init 1) and shift β (init 0). Default true. */
  affine?: boolean;
}

export class BatchNorm1d extends Module {
  readonly eps: number;
  readonly momentum: number;
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  /** Running estimates used in eval mode; updated in place by each training-mode forward. */
  readonly runningMean: Tensor;
  readonly runningVar: Tensor;
  /** Batch statistics of the last training-mode forward (biased variance), for instrumentation. */
  lastBatchMean: Tensor | null = null;
  lastBatchVar: Tensor | null = null;

  constructor(readonly numFeatures: number, options: BatchNormOptions = {}) {
    super();
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum ?? 0.1;
    const affine = options.affine ?? true;
    this.weight = affine ? Tensor.ones([numFeatures], true) : null;
    this.bias = affine ? Tensor.zeros([numFeatures], true) : null;
    this.runningMean = Tensor.zeros([numFeatures]);
    this.runningVar = Tensor.ones([numFeatures]);
  }

  protected override ownParameters(): [string, Tensor][] {
    return this.weight === null || this.bias === null ? [] : [['weight', this.weight], ['bias', this.bias]];
  }

  forward(x: Tensor): Tensor {
    if ((x.ndim !== 2 && x.ndim !== 3) || x.shape[1] !== this.numFeatures) {
      throw new Error(`BatchNorm1d(${this.numFeatures}) expects [N, ${this.numFeatures}] or [N, ${this.numFeatures}, L], got ${shapeToString(x.shape)}`);
    }
    const axes = x.ndim === 2 ? [0] : [0, 2];
    // Per-channel tensors [C] are viewed as [1, C] or [1, C, 1] to broadcast against x.
    const channelShape = x.ndim === 2 ? [1, this.numFeatures] : [1, this.numFeatures, 1];
    let xhat: Tensor;
    if (this.training) {
      const n = x.size / this.numFeatures;
      if (n < 2) throw new Error('BatchNorm1d in training mode needs more than one value per channel');
      const mu = mean(x, axes, true);
      const centred = sub(x, mu);
      const variance = mean(mul(centred, centred), axes, true); // biased, as used for normalising
      xhat = div(centred, sqrt(add(variance, this.eps)));
      this.updateRunningStats(mu, variance, n);
    } else {
      const mu = reshape(this.runningMean, channelShape);
      const sd = noGrad(() => sqrt(add(reshape(this.runningVar, channelShape), this.eps)));
      xhat = div(sub(x, mu), sd);
    }
    if (this.weight === null || this.bias === null) return xhat;
    return add(mul(xhat, reshape(this.weight, channelShape)), reshape(this.bias, channelShape));
  }

  /** running = (1 - momentum)·running + momentum·batch, with the unbiased variance (n/(n-1)). */
  private updateRunningStats(mu: Tensor, variance: Tensor, n: number): void {
    const m = this.momentum;
    const rm = this.runningMean.data, rv = this.runningVar.data;
    for (let c = 0; c < this.numFeatures; c++) {
      rm[c] = (1 - m) * rm[c] + m * mu.data[c];
      rv[c] = (1 - m) * rv[c] + m * variance.data[c] * (n / (n - 1));
    }
    this.lastBatchMean = new Tensor(mu.data.slice(), [this.numFeatures]);
    this.lastBatchVar = new Tensor(variance.data.slice(), [this.numFeatures]);
  }

  override toString(): string {
    return `BatchNorm1d(${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.weight !== null})`;
  }
}
