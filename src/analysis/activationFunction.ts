/**
 * An activation as the analyses use it: a registry name (with parameters) or a custom expression,
 * resolved by the engine (resolveActivation), plus a batch evaluator of phi and phi' at many points,
 * phi' from autograd so that any expression works without hand-written derivatives.
 */
import {
  firstDerivative, resolveActivation, type ActivationParams, type ExpressionError, type Tensor,
} from '../engine';
import type { MeanFieldActivation, PhiValues } from './meanField';

export interface ResolvedActivation extends MeanFieldActivation {
  /** Registry name, or the expression's source. */
  readonly label: string;
  readonly apply: (x: Tensor) => Tensor;
}

/** phi(u) and phi'(u) for every point of u, through the engine (one forward, one backward). */
export function evaluateActivation(apply: (x: Tensor) => Tensor, u: Float64Array): PhiValues {
  const { f, df } = firstDerivative(apply, u);
  return { phi: f, dphi: df };
}

function fromFunction(label: string, apply: (x: Tensor) => Tensor, kinks: readonly number[] | undefined): ResolvedActivation {
  return { label, apply, kinks, evaluate: (u) => evaluateActivation(apply, u) };
}

/** A registry activation by name or alias; its default-parameter kinks sharpen the quadrature. */
export function activationByName(name: string, params: ActivationParams = {}): ResolvedActivation | { error: string } {
  const resolved = resolveActivation({ name, params });
  if (!resolved.ok) return { error: resolved.error };
  return fromFunction(resolved.spec.name, resolved.apply, resolved.kinks);
}

/** A custom activation from an expression in x, or the parse error with its position. */
export function activationFromExpression(src: string): ResolvedActivation | { error: string; detail: ExpressionError } {
  const resolved = resolveActivation({ expression: src });
  if (!resolved.ok) return { error: resolved.error, detail: resolved.detail! };
  return fromFunction(src.trim(), resolved.apply, undefined);
}
