/**
 * The activation a depth setting names, in the two forms the analysis needs: a tensor function for
 * the network (autograd gives phi'), and a batch evaluator of phi and phi' for the theory's quadrature.
 */
import {
  Tensor,
  compileExpression,
  findActivation,
  grad,
  sum,
  type ActivationSpec,
} from '../../engine';
import type { MeanFieldActivation, PhiValues } from '../meanField';
import { CUSTOM_ACTIVATION, DepthInputError, type DepthSettings } from './settings';

export interface DepthActivation {
  /** Registry name, or the expression's source. */
  readonly name: string;
  /** Identifies the function (for caches): "name:tanh" or "expr:<source>". */
  readonly key: string;
  readonly spec: ActivationSpec | null;
  readonly apply: (x: Tensor) => Tensor;
  readonly theory: MeanFieldActivation;
  /** The logistic sigmoid: the panel draws the classic sigma' <= 1/4 bound for it. */
  readonly isSigmoid: boolean;
}

/** phi and phi' at every point of `u` (phi' from autograd, so any expression works). */
export function evaluatePhi(apply: (x: Tensor) => Tensor, u: Float64Array): PhiValues {
  const x = new Tensor(Float64Array.from(u), [u.length], true);
  const y = apply(x);
  if (y.size !== u.length) throw new DepthInputError('The activation must map each number to one number', 'expression');
  const [dy] = grad(sum(y), x, { materializeGrads: true });
  return { phi: Float64Array.from(y.data), dphi: Float64Array.from(dy.data) };
}

const cache = new Map<string, DepthActivation>();

/** Resolves `settings.activation` (or its custom expression); throws DepthInputError when it cannot. */
export function resolveDepthActivation(settings: Pick<DepthSettings, 'activation' | 'expression'>): DepthActivation {
  const key = settings.activation === CUSTOM_ACTIVATION ? `expr:${settings.expression}` : `name:${settings.activation}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let apply: (x: Tensor) => Tensor;
  let spec: ActivationSpec | null = null;
  let name: string;
  if (settings.activation === CUSTOM_ACTIVATION) {
    const compiled = compileExpression(settings.expression);
    if (!compiled.ok) throw new DepthInputError(compiled.error.message, 'expression');
    apply = compiled.fn;
    name = settings.expression.trim();
  } else {
    spec = findActivation(settings.activation) ?? null;
    if (!spec) throw new DepthInputError(`Unknown activation '${settings.activation}'`, 'activation');
    if (spec.kind !== 'elementwise') throw new DepthInputError(`${spec.label} is not an elementwise activation`, 'activation');
    const s = spec;
    apply = (x) => s.apply(x);
    name = spec.name;
  }
  const resolved: DepthActivation = {
    name,
    key,
    spec,
    apply,
    theory: { evaluate: (u) => evaluatePhi(apply, u), kinks: spec?.kinks },
    isSigmoid: spec?.name === 'sigmoid',
  };
  if (cache.size > 64) cache.clear();
  cache.set(key, resolved);
  return resolved;
}
