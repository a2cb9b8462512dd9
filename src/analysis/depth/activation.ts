/**
 * The activation a depth setting names, in the two forms the analysis needs: a tensor function for
 * the network (autograd gives phi'), and a batch evaluator of phi and phi' for the theory's quadrature.
 */
import {
  NotElementwiseError,
  firstDerivative,
  resolveActivation,
  type ActivationSpec,
  type Tensor,
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
  try {
    const { f, df } = firstDerivative(apply, u);
    return { phi: f, dphi: df };
  } catch (e) {
    if (e instanceof NotElementwiseError) throw new DepthInputError('The activation must map each number to one number', 'expression');
    throw e;
  }
}

const cache = new Map<string, DepthActivation>();

/** Resolves `settings.activation` (or its custom expression); throws DepthInputError when it cannot. */
export function resolveDepthActivation(settings: Pick<DepthSettings, 'activation' | 'expression'>): DepthActivation {
  const key = settings.activation === CUSTOM_ACTIVATION ? `expr:${settings.expression}` : `name:${settings.activation}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const custom = settings.activation === CUSTOM_ACTIVATION;
  const found = resolveActivation(custom ? { expression: settings.expression } : { name: settings.activation });
  if (!found.ok) throw new DepthInputError(found.error, found.field === 'expression' ? 'expression' : 'activation');
  const apply = found.apply;
  const spec: ActivationSpec | null = found.builtin ? found.spec : null;
  const name = custom ? settings.expression.trim() : found.spec.name;
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
