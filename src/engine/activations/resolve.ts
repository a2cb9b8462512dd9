/**
 * The one way from what a user writes to an activation function: a registry name (with PyTorch's
 * parameters) or an expression in x, resolved to an ActivationSpec that a layer applies, a plot
 * samples and a theory integrates; and the derivatives every consumer reads off it, all from
 * autograd, so an expression needs no hand-written derivative. The MLP, Plot Activation, the depth
 * explorer, the analyses and training configs all resolve through here.
 */

import { grad } from '../autograd';
import { compileExpression, type ExpressionError } from '../expression';
import { sum } from '../ops/reduce';
import { Tensor } from '../tensor';
import { findActivation, type ActivationParams, type ActivationSpec } from './registry';

/** What names an activation: a registry name or alias with its parameters, or an expression in x. */
export type ActivationSource =
  | { readonly name: string; readonly params?: ActivationParams }
  | { readonly expression: string; readonly label?: string };

export interface ResolvedActivation {
  readonly spec: ActivationSpec;
  /** False for a compiled expression. */
  readonly builtin: boolean;
  /** f applied elementwise, its parameters bound (checked on each call, as spec.apply does). */
  readonly apply: (x: Tensor) => Tensor;
  /** Where f' jumps: the registry's, for default parameters only (parameters move the kinks). */
  readonly kinks?: readonly number[];
}

export type ActivationResolution =
  | ({ readonly ok: true } & ResolvedActivation)
  | { readonly ok: false; readonly error: string; readonly field: 'name' | 'expression'; readonly detail?: ExpressionError };

/** An activation spec computing a compiled expression; elementwise, no parameters, no known facts. */
export function expressionSpec(expression: string, fn: (x: Tensor) => Tensor, label?: string): ActivationSpec {
  return Object.freeze({
    name: label ?? expression,
    label: label ?? expression,
    aliases: [],
    description: `custom activation ${expression}`,
    torch: '',
    kind: 'elementwise' as const,
    params: [],
    apply: (x: Tensor) => fn(x),
    range: [-Infinity, Infinity] as const,
    zeroCentred: false,
    monotonic: false,
    smooth: false,
    kinks: [],
  });
}

/**
 * Resolves a name or an expression. `vector` says what to do with softmax-like entries, which act on a
 * whole vector: refuse them ('refuse', the default: a hidden layer or a curve needs one number per
 * number) or accept them ('accept').
 */
export function resolveActivation(source: ActivationSource, options: { vector?: 'refuse' | 'accept' } = {}): ActivationResolution {
  if ('expression' in source) {
    const compiled = compileExpression(source.expression);
    if (!compiled.ok) return { ok: false, error: compiled.error.message, field: 'expression', detail: compiled.error };
    return { ok: true, spec: expressionSpec(source.expression, compiled.fn, source.label), builtin: false, apply: compiled.fn };
  }
  const spec = findActivation(source.name);
  if (!spec) return { ok: false, error: `Unknown activation '${source.name}'`, field: 'name' };
  if (spec.kind !== 'elementwise' && options.vector !== 'accept') {
    return { ok: false, error: `${spec.label} is not an elementwise activation`, field: 'name' };
  }
  const params = source.params ?? {};
  const defaults = Object.keys(params).length === 0;
  return { ok: true, spec, builtin: true, apply: (x) => spec.apply(x, params), kinks: defaults ? spec.kinks : undefined };
}

/** Thrown when a function gives other than one number per number (e.g. a constant expression, to the theory). */
export class NotElementwiseError extends Error {}

/** f and f' at every point of u: one forward, one backward (not recorded). f must give one number per number. */
export function firstDerivative(apply: (x: Tensor) => Tensor, u: Float64Array): { readonly f: Float64Array; readonly df: Float64Array } {
  const x = new Tensor(Float64Array.from(u), [u.length], true);
  const y = apply(x);
  if (y.size !== u.length) throw new NotElementwiseError('an activation must map each number to one number');
  const [dy] = grad(sum(y), x, { materializeGrads: true }); // a constant function has f' = 0
  return { f: Float64Array.from(y.data), df: Float64Array.from(dy.data) };
}

export interface CurveValues {
  readonly x: Float64Array;
  readonly f: Float64Array;
  readonly df: Float64Array;
  readonly d2f: Float64Array;
}

/**
 * f, f' and f'' on a grid: one forward pass, a backward pass that records its own graph (createGraph),
 * and a backward pass through that (double backward). Because y_i depends on x_i only, the gradient of
 * sum(y) is f' elementwise, and the gradient of sum(f') is f''. A constant (an expression such as "2")
 * is allowed here: f' = f'' = 0.
 */
export function sampleDerivatives(apply: (x: Tensor) => Tensor, xs: Float64Array): CurveValues {
  const x = new Tensor(xs.slice(), [xs.length], true);
  const y = apply(x);
  const n = xs.length;
  if (!y.requiresGrad && y.size === 1 && n !== 1) {
    // f does not depend on x (an expression such as "2"): a constant, f' = f'' = 0.
    return { x: xs, f: new Float64Array(n).fill(y.data[0]), df: new Float64Array(n), d2f: new Float64Array(n) };
  }
  if (y.size !== n) throw new Error(`the function must act elementwise (got ${y.size} values for ${n} inputs)`);
  if (!y.requiresGrad) return { x: xs, f: Float64Array.from(y.data), df: new Float64Array(n), d2f: new Float64Array(n) };
  const [dy] = grad(sum(y), x, { createGraph: true, materializeGrads: true });
  // f' that does not depend on x (relu, identity) has no graph: its derivative is 0, not an error.
  const [d2y] = grad(sum(dy), x, { materializeGrads: true });
  const f = Float64Array.from(y.data), df = Float64Array.from(dy.data), d2f = Float64Array.from(d2y.data);
  // Where f itself is NaN (log of a negative number) a derivative means nothing, though the backward
  // formula still yields one (PyTorch's too: d log(x)/dx = 1/x for any x). Show gaps there instead.
  for (let i = 0; i < n; i++) if (Number.isNaN(f[i])) df[i] = d2f[i] = NaN;
  return { x: xs, f, df, d2f };
}
