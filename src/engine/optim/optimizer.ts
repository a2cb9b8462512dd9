/**
 * What every optimizer shares: the parameters it owns, per-parameter state created on the first
 * step, the learning rate (mutable, for schedules) and zeroGrad. Subclasses write one method,
 * `update`, with their rule from PyTorch 1.13 (the single-tensor, non-foreach code path).
 */

/** A trainable tensor as optimizers see it: engine Tensors satisfy this structurally. */
export interface Parameter {
  readonly data: Float64Array;
  grad: { readonly data: Float64Array } | null;
}

export abstract class Optimizer<State> {
  readonly params: readonly Parameter[];
  /** Per-parameter state (momentum buffers, moment estimates), created lazily like torch's. */
  protected readonly state = new Map<Parameter, State>();
  private learningRate: number;

  protected constructor(params: Iterable<Parameter>, lr: number) {
    this.params = [...params];
    if (new Set(this.params).size !== this.params.length) {
      throw new Error('some parameters appear more than once in the optimizer');
    }
    requireNonNegative('learning rate', lr);
    this.learningRate = lr;
  }

  get lr(): number {
    return this.learningRate;
  }

  set lr(value: number) {
    requireNonNegative('learning rate', value);
    this.learningRate = value;
  }

  /** One update of every parameter that has a gradient (parameters without one are skipped). */
  step(): void {
    for (const param of this.params) {
      if (param.grad === null) continue;
      if (param.grad.data.length !== param.data.length) {
        throw new Error(`gradient has ${param.grad.data.length} elements, parameter has ${param.data.length}`);
      }
      let state = this.state.get(param);
      if (state === undefined) {
        state = this.initState(param.data.length);
        this.state.set(param, state);
      }
      this.update(param.data, param.grad.data, state);
    }
  }

  /** Fills every gradient with zeros (torch 1.13's default zero_grad(set_to_none=False)). */
  zeroGrad(): void {
    for (const param of this.params) param.grad?.data.fill(0);
  }

  /** Forgets momentum buffers and moment estimates, as if freshly constructed. */
  resetState(): void {
    this.state.clear();
  }

  protected abstract initState(size: number): State;
  /** Updates `param` in place from `grad` (never modified) and this parameter's state. */
  protected abstract update(param: Float64Array, grad: Float64Array, state: State): void;
}

/** Throws torch's kind of message for an invalid hyperparameter. */
export function requireNonNegative(what: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) throw new RangeError(`Invalid ${what}: ${value}`);
}

/** `d = grad + weightDecay * param` (L2 regularisation folded into the gradient), into `out`. */
export function decayedGradient(
  out: Float64Array, grad: Float64Array, param: Float64Array, weightDecay: number,
): Float64Array {
  if (weightDecay === 0) {
    out.set(grad);
  } else {
    for (let i = 0; i < grad.length; i++) out[i] = grad[i] + weightDecay * param[i];
  }
  return out;
}
