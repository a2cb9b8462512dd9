/**
 * Adam (Kingma & Ba 2015) with torch.optim.Adam's rule (PyTorch 1.13). Weight decay is L2 added
 * to the gradient (Adam's classic form), not decoupled as in AdamW.
 *
 *   d = grad + weight_decay * param;  t = this parameter's step count, from 1
 *   m = beta1 * m + (1 - beta1) * d;  v = beta2 * v + (1 - beta2) * d * d
 *   v_max = max(v_max, v) with amsgrad (and v_max replaces v below)
 *   param = param - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 *
 * Where eps sits matters for tiny gradients: PyTorch adds it AFTER bias-correcting sqrt(v), so it
 * is compared with the corrected RMS of the gradient, not with the raw, biased sqrt(v).
 */
import { decayedGradient, Optimizer, requireNonNegative, type Parameter } from './optimizer';

export interface AdamOptions {
  lr?: number;
  betas?: readonly [number, number];
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
}

interface AdamState {
  step: number;
  expAvg: Float64Array;
  expAvgSq: Float64Array;
  maxExpAvgSq: Float64Array | null;
  d: Float64Array;
}

export class Adam extends Optimizer<AdamState> {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly amsgrad: boolean;

  constructor(params: Iterable<Parameter>, options: AdamOptions = {}) {
    super(params, options.lr ?? 1e-3);
    [this.beta1, this.beta2] = options.betas ?? [0.9, 0.999];
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.amsgrad = options.amsgrad ?? false;
    requireNonNegative('epsilon value', this.eps);
    requireNonNegative('weight_decay value', this.weightDecay);
    for (const [i, beta] of [this.beta1, this.beta2].entries()) {
      if (!(beta >= 0 && beta < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${beta}`);
    }
  }

  protected initState(size: number): AdamState {
    return {
      step: 0,
      expAvg: new Float64Array(size),
      expAvgSq: new Float64Array(size),
      maxExpAvgSq: this.amsgrad ? new Float64Array(size) : null,
      d: new Float64Array(size),
    };
  }

  protected update(param: Float64Array, grad: Float64Array, state: AdamState): void {
    const { beta1, beta2, eps } = this;
    const t = ++state.step;
    const d = decayedGradient(state.d, grad, param, this.weightDecay);
    const m = state.expAvg;
    const v = state.expAvgSq;
    for (let i = 0; i < d.length; i++) {
      m[i] = m[i] * beta1 + (1 - beta1) * d[i];
      v[i] = v[i] * beta2 + (1 - beta2) * d[i] * d[i];
    }
    const stepSize = this.lr / (1 - beta1 ** t);
    const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** t);
    const vMax = state.maxExpAvgSq;
    if (vMax !== null) for (let i = 0; i < v.length; i++) vMax[i] = Math.max(vMax[i], v[i]);
    const second = vMax ?? v;
    for (let i = 0; i < param.length; i++) {
      const denom = Math.sqrt(second[i]) / biasCorrection2Sqrt + eps;
      param[i] += (-stepSize * m[i]) / denom;
    }
  }
}
