/**
 * Smooth activations written as compositions of ops. They need no backward of their own:
 * autograd differentiates the composition (twice, for f''), which is the point of the engine.
 */

import { Tensor, type TensorLike, asTensor } from '../tensor';
import { add, div, mul, pow, sub } from '../ops/elementwise';
import { abs, normalCdf, sigmoid, tanh } from '../ops/unary';
import { softplus } from '../ops/piecewise';

/** x·σ(x) (also called swish). */
export function silu(x: TensorLike): Tensor {
  const t = asTensor(x);
  return mul(t, sigmoid(t));
}

/** x·Φ(x), the exact GELU (PyTorch's approximate='none'); Φ is computed through erfc, see kernels/erf.ts. */
export function gelu(x: TensorLike): Tensor {
  const t = asTensor(x);
  return mul(t, normalCdf(t));
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), GELU's tanh approximation (approximate='tanh'). */
export function geluTanh(x: TensorLike): Tensor {
  const t = asTensor(x);
  const inner = mul(add(t, mul(pow(t, 3), 0.044715)), SQRT_2_OVER_PI);
  return mul(mul(t, 0.5), add(tanh(inner), 1));
}

/** x·tanh(softplus(x)) (Misra 2019). softplus's threshold only matters where tanh is already 1. */
export function mish(x: TensorLike): Tensor {
  const t = asTensor(x);
  return mul(t, tanh(softplus(t)));
}

/** x / (1 + |x|). Its f'' at 0 is 0 because |x|' = sign(x) and sign(0) = 0, as in PyTorch. */
export function softsign(x: TensorLike): Tensor {
  const t = asTensor(x);
  return div(t, add(abs(t), 1));
}

/** x - tanh(x). */
export function tanhshrink(x: TensorLike): Tensor {
  const t = asTensor(x);
  return sub(t, tanh(t));
}
