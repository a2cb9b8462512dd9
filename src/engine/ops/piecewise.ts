/**
 * Piecewise ops whose value at a kink follows PyTorch exactly: relu, leakyRelu, hardtanh,
 * the ELU family, softplus (with its threshold), logSigmoid, hardsigmoid and hardswish.
 *
 * A kink is where the one-sided derivatives differ, and any value there is a convention. The
 * oracle (test/fixtures/oracle/README.md) records PyTorch 1.13's choice for f' and f'' at every
 * kink, so each op here states its masks (strict or not) next to the code that applies them.
 * Masks are constants with no history: the derivative of a step is zero.
 */

import { record } from '../autograd';
import { Tensor, type TensorLike, asTensor } from '../tensor';
import { mul } from './elementwise';
import { unaryForward } from './unary';

/** A 0/1 (or general) constant computed elementwise from x, with no gradient history. */
function mask(x: Tensor, kernel: (src: Float64Array, out: Float64Array) => void): Tensor {
  return unaryForward(x, kernel);
}

/** max(x, 0). Slope 1 only where x > 0 (strict): relu'(0) = 0. NaN stays NaN. */
export function relu(v: TensorLike): Tensor {
  const x = asTensor(v);
  const out = unaryForward(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] <= 0 ? 0 : s[i]; });
  return record('relu', out, [x], (g) => [
    mul(g, mask(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] > 0 ? 1 : 0; })),
  ]);
}
