/** nn.Linear: y = x·Wᵀ + b with W of shape [out, in] and b of shape [out], as in PyTorch. */

import { Tensor } from '../tensor';
import { linear } from '../ops/matmul';
import { Rng } from '../rng';
import { initWeights, initUniform, type InitOptions } from '../init';
import { Module } from './module';
import { takeBuffer } from '../kernels/bufferPool';

export interface LinearOptions {
  /** Include a bias (default true). */
  bias?: boolean;
  /**
   * Weight initialiser name from init.ts ('kaiming_normal', 'xavier_uniform', …). Default: PyTorch's
   * nn.Linear default, U(±1/√fan_in) for weights and biases alike.
   */
  init?: string;
  initOptions?: InitOptions;
  /** Bias initialiser: 'zeros', or 'uniform' (U(±1/√fan_in), PyTorch's default). */
  biasInit?: 'zeros' | 'uniform';
  /** Random stream for the initial values (seeded; default seed 0). */
  rng?: Rng;
  /** Explicit initial values (row-major [out, in] and [out]), overriding the initialisers. */
  weight?: ArrayLike<number>;
  biasValues?: ArrayLike<number>;
}

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions = {}) {
    super();
    const shape = [outFeatures, inFeatures];
    const rng = options.rng ?? new Rng(0);
    const bound = 1 / Math.sqrt(inFeatures);
    const w = options.weight !== undefined
      ? checkedCopy(options.weight, outFeatures * inFeatures, 'weight')
      : options.init !== undefined
        ? initWeights(options.init, rng, shape, options.initOptions)
        : initUniform(rng, shape, -bound, bound);
    this.weight = new Tensor(w, shape, true);
    this.weight.name = 'weight';
    if (options.bias === false) {
      this.bias = null;
    } else {
      const b = options.biasValues !== undefined
        ? checkedCopy(options.biasValues, outFeatures, 'bias')
        : (options.biasInit ?? (options.init === undefined ? 'uniform' : 'zeros')) === 'uniform'
          ? initUniform(rng, [outFeatures], -bound, bound)
          : new Float64Array(outFeatures);
      this.bias = new Tensor(b, [outFeatures], true);
      this.bias.name = 'bias';
    }
  }

  protected override ownParameters(): [string, Tensor][] {
    return this.bias === null ? [['weight', this.weight]] : [['weight', this.weight], ['bias', this.bias]];
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }

  override toString(): string {
    return `Linear(in=${this.inFeatures}, out=${this.outFeatures}, bias=${this.bias !== null})`;
  }
}

function checkedCopy(values: ArrayLike<number>, length: number, what: string): Float64Array {
  if (values.length !== length) throw new Error(`Linear: ${what} has ${values.length} values, expected ${length}`);
  // From the engine's pool: a fresh array costs a Chromium worker page faults (see kernels/bufferPool.ts).
  const out = takeBuffer(length);
  out.set(values);
  return out;
}
