/**
 * RMSprop (Hinton's lecture 6e) with torch.optim.RMSprop's rule (PyTorch 1.13):
 *
 *   d = grad + weight_decay * param
 *   v = alpha * v + (1 - alpha) * d * d                       (v starts at 0)
 *   centered: g = alpha * g + (1 - alpha) * d;  avg = sqrt(v - g * g) + eps
 *   otherwise avg = sqrt(v) + eps
 *   momentum > 0: buf = momentum * buf + d / avg;  param = param - lr * buf
 *   otherwise param = param - lr * d / avg
 *
 * Unlike Adam there is no bias correction, so the first steps are large (v starts at 0).
 */
import { decayedGradient, Optimizer, requireNonNegative, type Parameter } from './optimizer';

export interface RmspropOptions {
  lr?: number;
  alpha?: number;
  eps?: number;
  weightDecay?: number;
  momentum?: number;
  centered?: boolean;
}

interface RmspropState {
  squareAvg: Float64Array;
  gradAvg: Float64Array | null;
  buf: Float64Array | null;
  d: Float64Array;
}

export class RMSprop extends Optimizer<RmspropState> {
  readonly alpha: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly momentum: number;
  readonly centered: boolean;

  constructor(params: Iterable<Parameter>, options: RmspropOptions = {}) {
    super(params, options.lr ?? 1e-2);
    this.alpha = options.alpha ?? 0.99;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.momentum = options.momentum ?? 0;
    this.centered = options.centered ?? false;
    requireNonNegative('epsilon value', this.eps);
    requireNonNegative('momentum value', this.momentum);
    requireNonNegative('weight_decay value', this.weightDecay);
    requireNonNegative('alpha value', this.alpha);
  }

  protected initState(size: number): RmspropState {
    return {
      squareAvg: new Float64Array(size),
      gradAvg: this.centered ? new Float64Array(size) : null,
      buf: this.momentum > 0 ? new Float64Array(size) : null,
      d: new Float64Array(size),
    };
  }

  protected update(param: Float64Array, grad: Float64Array, state: RmspropState): void {
    const { alpha, eps, lr, momentum } = this;
    const d = decayedGradient(state.d, grad, param, this.weightDecay);
    const { squareAvg: v, gradAvg: g, buf } = state;
    for (let i = 0; i < d.length; i++) {
      v[i] = v[i] * alpha + (1 - alpha) * d[i] * d[i];
      let avg: number;
      if (g !== null) {
        g[i] = g[i] * alpha + (1 - alpha) * d[i];
        avg = Math.sqrt(v[i] - g[i] * g[i]) + eps;
      } else {
        avg = Math.sqrt(v[i]) + eps;
      }
      if (buf !== null) {
        buf[i] = buf[i] * momentum + d[i] / avg;
        param[i] += -lr * buf[i];
      } else {
        param[i] += (-lr * d[i]) / avg;
      }
    }
  }
}
