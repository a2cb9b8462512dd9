/**
 * An activation as the analyses use it: a registry name (with parameters) or a custom
 * expression, resolved to an engine function, plus a batch evaluator of phi and phi' at many
 * points, phi' from autograd so that any expression works without hand-written derivatives.
 */
import {
  compileExpression, findActivation, grad, sum, Tensor, type ActivationParams, type ExpressionError,
} from '../engine';
import type { MeanFieldActivation, PhiValues } from './meanField';

export interface ResolvedActivation extends MeanFieldActivation {
  /** Registry name, or the expression's source. */
  readonly label: string;
  readonly apply: (x: Tensor) => Tensor;
}

/** phi(u) and phi'(u) for every point of u, through the engine (one forward, one backward). */
export function evaluateActivation(apply: (x: Tensor) => Tensor, u: Float64Array): PhiValues {
  const x = new Tensor(Float64Array.from(u), [u.length], true);
  const y = apply(x);
  if (y.data.length !== u.length) throw new Error('an activation must map each number to one number');
  const [dy] = grad(sum(y), x, { materializeGrads: true }); // a constant function has phi' = 0
  return { phi: y.data, dphi: dy.data };
}

function fromFunction(label: string, apply: (x: Tensor) => Tensor, kinks: readonly number[] | undefined): ResolvedActivation {
  return { label, apply, kinks, evaluate: (u) => evaluateActivation(apply, u) };
}

/** A registry activation by name or alias; its default-parameter kinks sharpen the quadrature. */
export function activationByName(name: string, params: ActivationParams = {}): ResolvedActivation | { error: string } {
  const spec = findActivation(name);
  if (!spec) return { error: `Unknown activation '${name}'` };
  if (spec.kind !== 'elementwise') return { error: `${spec.label} is not an elementwise activation` };
  // Kinks move with the parameters (hardtanh's bounds, softplus's threshold), so only trust them
  // for the defaults; otherwise the quadrature finds them adaptively.
  const defaults = Object.keys(params).length === 0;
  return fromFunction(spec.name, (x) => spec.apply(x, params), defaults ? spec.kinks : undefined);
}

/** A custom activation from an expression in x, or the parse error with its position. */
export function activationFromExpression(src: string): ResolvedActivation | { error: string; detail: ExpressionError } {
  const compiled = compileExpression(src);
  if (!compiled.ok) return { error: compiled.error.message, detail: compiled.error };
  return fromFunction(src.trim(), compiled.fn, undefined);
}
