/**
 * Piecewise ops whose values at a kink follow PyTorch exactly: relu, leakyRelu, hardtanh, the ELU
 * family (elu, selu, celu), softplus (with its threshold), logSigmoid, hardsigmoid, hardswish.
 *
 * At a kink the one-sided derivatives differ, so any value there is a convention. The oracle
 * (test/fixtures/oracle/README.md) records PyTorch 1.13's choice for f' and f'' at every kink;
 * each op states its masks (strict or not) next to the code that applies them. Masks are
 * constants with no history: the derivative of a step is zero. Where f' is itself nonlinear
 * (ELU, softplus, hardswish), f' is a separate op whose own backward carries PyTorch's f'' mask,
 * so double backward reproduces PyTorch instead of whatever a composition would give at the kink.
 * A NaN input gets a NaN mask, so NaN reaches the gradient instead of some branch's slope.
 */

import { isGradEnabled, record } from '../graph';
import { Tensor, type TensorLike, asTensor } from '../tensor';
import { mul, sub } from './elementwise';
import { unaryForward, exp, sigmoid, neg } from './unary';
import { fusedBackward } from '../kernels/fused';
import { where } from './compare';

/** Applies a loop to x; the result is a constant (no gradient history). */
const constant = unaryForward;

/** max(x, 0). Slope 1 only where x > 0 (strict): relu'(0) = 0. NaN stays NaN. */
export function relu(v: TensorLike): Tensor {
  const x = asTensor(v);
  const out = unaryForward(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] <= 0 ? 0 : s[i]; });
  return record('relu', out, [x], (g) => [
    isGradEnabled()
      ? mul(g, constant(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] > 0 ? 1 : s[i] <= 0 ? 0 : NaN; }))
      : fusedBackward(g, x, (gd, s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] > 0 ? gd[i] : s[i] <= 0 ? 0 : NaN; }),
  ]);
}

/** x for x > 0, slope·x otherwise; leakyRelu'(0) = slope (the unit branch is strict x > 0). */
export function leakyRelu(v: TensorLike, slope = 0.01): Tensor {
  const x = asTensor(v);
  const out = unaryForward(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] > 0 ? s[i] : s[i] * slope; });
  return record('leakyRelu', out, [x], (g) => [
    mul(g, constant(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] > 0 ? 1 : s[i] <= 0 ? slope : NaN; })),
  ]);
}

/** Clamps into [min, max] with slope 1 only on the open interval (min, max): f' = 0 at both ends. */
export function hardtanh(v: TensorLike, min = -1, max = 1): Tensor {
  const x = asTensor(v);
  if (!(min < max)) throw new Error(`hardtanh: min_val ${min} must be below max_val ${max}`);
  const out = unaryForward(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] <= min ? min : s[i] >= max ? max : s[i]; });
  return record('hardtanh', out, [x], (g) => [
    mul(g, constant(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] > min && s[i] < max ? 1 : s[i] === s[i] ? 0 : NaN; })),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The ELU family, as PyTorch parameterises it: elu(x) = scale·x for x > 0, and
// scale·alpha·(e^{inputScale·x} - 1) for x <= 0. elu: (alpha, 1, 1); selu: (1.6733, 1.0507, 1);
// celu: (alpha, 1, 1/alpha).

export interface EluParams {
  alpha: number;
  scale: number;
  inputScale: number;
}

/** The ELU family. The exp branch includes 0, so f'(0) = scale·alpha·inputScale (1 for elu). */
export function eluFamily(v: TensorLike, p: EluParams): Tensor {
  const x = asTensor(v);
  const { alpha, scale, inputScale } = p;
  const out = unaryForward(x, (s, o) => {
    // expm1, not exp(x) - 1: near 0 the subtraction would lose half the digits.
    for (let i = 0; i < o.length; i++) o[i] = s[i] <= 0 ? scale * alpha * Math.expm1(s[i] * inputScale) : scale * s[i];
  });
  return record('elu', out, [x], (g) => [mul(g, eluDerivative(x, p))]);
}

/** f' of the ELU family; its own derivative uses the strict mask x < 0, so f''(0) = 0 as in PyTorch. */
function eluDerivative(x: Tensor, p: EluParams): Tensor {
  const { alpha, scale, inputScale } = p;
  const c = scale * alpha * inputScale;
  const out = unaryForward(x, (s, o) => {
    for (let i = 0; i < o.length; i++) o[i] = s[i] <= 0 ? c * Math.exp(s[i] * inputScale) : s[i] > 0 ? scale : NaN;
  });
  return record('eluDerivative', out, [x], (g) => {
    const negative = constant(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] < 0 ? 1 : s[i] >= 0 ? 0 : NaN; });
    // e^{inputScale·min(x, 0)}: equal to the exp branch where the mask is 1, and never overflows
    // where it is 0 (a masked inf would still turn into NaN one derivative later).
    const negPart = where(negative, x, 0);
    return [mul(g, mul(negative, mul(exp(mul(negPart, inputScale)), c * inputScale)))];
  });
}

export function elu(x: TensorLike, alpha = 1): Tensor {
  return eluFamily(x, { alpha, scale: 1, inputScale: 1 });
}

/** SELU's fixed constants (Klambauer et al. 2017), to float64 as PyTorch has them. */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;

export function selu(x: TensorLike): Tensor {
  return eluFamily(x, { alpha: SELU_ALPHA, scale: SELU_SCALE, inputScale: 1 });
}

export function celu(x: TensorLike, alpha = 1): Tensor {
  if (alpha === 0) throw new Error('celu: alpha must not be 0');
  return eluFamily(x, { alpha, scale: 1, inputScale: 1 / alpha });
}

// ---------------------------------------------------------------------------------------------
// softplus and logSigmoid

/**
 * log(1 + e^{βx})/β, and x itself once βx > threshold (strict), where the two agree to ~e^{-20}:
 * besides saving work, this keeps e^{βx} from overflowing. f'(20) is therefore σ(20), not 1.
 */
export function softplus(v: TensorLike, beta = 1, threshold = 20): Tensor {
  const x = asTensor(v);
  const out = unaryForward(x, (s, o) => {
    for (let i = 0; i < o.length; i++) {
      const bx = s[i] * beta;
      o[i] = bx > threshold ? s[i] : Math.log1p(Math.exp(bx)) / beta;
    }
  });
  return record('softplus', out, [x], (g) => [
    isGradEnabled()
      ? mul(g, softplusDerivative(x, beta, threshold))
      : fusedBackward(g, x, (gd, s, o) => { for (let i = 0; i < o.length; i++) o[i] = gd[i] * softplusSlope(s[i] * beta, threshold); }),
  ]);
}

/** σ(βx) from βx, or 1 past the threshold (so e^{βx} cannot overflow). */
function softplusSlope(bx: number, threshold: number): number {
  if (bx > threshold) return 1;
  const z = Math.exp(bx);
  return z / (z + 1);
}

/** σ(βx), or 1 past the threshold. Its derivative uses the mask βx < threshold (strict): f''(20) = 0. */
function softplusDerivative(x: Tensor, beta: number, threshold: number): Tensor {
  const out = unaryForward(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = softplusSlope(s[i] * beta, threshold); });
  return record('softplusDerivative', out, [x], (g) => {
    const below = constant(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] * beta < threshold ? 1 : s[i] * beta >= threshold ? 0 : NaN; });
    const s = sigmoid(mul(x, beta));
    return [mul(g, mul(below, mul(mul(s, sub(1, s)), beta)))];
  });
}

/**
 * log σ(x) = min(x, 0) - log(1 + e^{-|x|}): the exponent is never positive, so nothing overflows
 * and log σ(-800) = -800 instead of log(0) = -inf. f' = σ(-x).
 */
export function logSigmoid(v: TensorLike): Tensor {
  const x = asTensor(v);
  const out = unaryForward(x, (s, o) => {
    for (let i = 0; i < o.length; i++) o[i] = Math.min(s[i], 0) - Math.log1p(Math.exp(-Math.abs(s[i])));
  });
  return record('logSigmoid', out, [x], (g) => [mul(g, sigmoid(neg(x)))]);
}

// ---------------------------------------------------------------------------------------------
// hardsigmoid and hardswish

/**
 * min(max(x + 3, 0), 6)/6, slope 1/6 on the open interval (-3, 3). (PyTorch 1.13's backward
 * uses 1/6 rounded to float32; we use the exact 1/6, which the oracle's tolerance allows.)
 */
export function hardsigmoid(v: TensorLike): Tensor {
  const x = asTensor(v);
  const out = unaryForward(x, (s, o) => {
    for (let i = 0; i < o.length; i++) o[i] = s[i] <= -3 ? 0 : s[i] >= 3 ? 1 : (s[i] + 3) / 6;
  });
  return record('hardsigmoid', out, [x], (g) => [
    mul(g, constant(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] > -3 && s[i] < 3 ? 1 / 6 : s[i] === s[i] ? 0 : NaN; })),
  ]);
}

/**
 * x · hardsigmoid(x). PyTorch 1.13 takes the middle branch x/3 + 1/2 for f' on the closed
 * interval [-3, 3] (f'(-3) = -0.5, f'(3) = 1.5), but f'' = 1/3 only on the open interval.
 */
export function hardswish(v: TensorLike): Tensor {
  const x = asTensor(v);
  const out = unaryForward(x, (s, o) => {
    for (let i = 0; i < o.length; i++) o[i] = s[i] < -3 ? 0 : s[i] > 3 ? s[i] : (s[i] * (s[i] + 3)) / 6;
  });
  return record('hardswish', out, [x], (g) => [mul(g, hardswishDerivative(x))]);
}

function hardswishDerivative(x: Tensor): Tensor {
  const out = unaryForward(x, (s, o) => {
    for (let i = 0; i < o.length; i++) o[i] = s[i] < -3 ? 0 : s[i] > 3 ? 1 : s[i] / 3 + 0.5;
  });
  return record('hardswishDerivative', out, [x], (g) => [
    mul(g, constant(x, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] > -3 && s[i] < 3 ? 1 / 3 : s[i] === s[i] ? 0 : NaN; })),
  ]);
}
