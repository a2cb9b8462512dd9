/**
 * The hidden activation of a config, as the engine's MLP takes it. A registry activation is passed
 * by name; an expression is compiled by the engine and given to the MLP as an activation spec of
 * its own (the MLP's constructor accepts registry names only, so ExpressionMLP sets its layers'
 * activations itself; forward, tracing and parameters stay the engine's).
 */
import {
  compileExpression, getActivation, MLP, type ActivationChoice, type ActivationSpec, type LayerActivation, type MlpOptions, type Tensor,
} from '../../engine';
import type { ActivationConfig } from '../config/types';

export function activationChoice(a: Extract<ActivationConfig, { kind: 'named' }>): ActivationChoice {
  const params: Record<string, number> = {};
  for (const [k, v] of Object.entries(a.params)) if (typeof v === 'number') params[k] = v;
  return { name: a.name, params };
}

/** An activation spec computing `expression` (with the registry's identity entry for the descriptive fields). */
export function expressionSpec(expression: string, label?: string): ActivationSpec {
  const compiled = compileExpression(expression);
  if (!compiled.ok) throw new Error(`activation expression: ${compiled.error.message}`);
  const identity = getActivation('identity');
  return Object.freeze({
    ...identity,
    name: label ?? expression,
    label: label ?? expression,
    aliases: [],
    description: `custom activation ${expression}`,
    torch: '',
    params: [],
    apply: (x: Tensor) => compiled.fn(x),
  });
}

export class ExpressionMLP extends MLP {
  // `declare`: no field of its own, so the constructor below replaces what MLP's constructor set.
  declare readonly activations: readonly LayerActivation[];

  constructor(options: MlpOptions, spec: ActivationSpec) {
    super({ ...options, activation: 'identity' });
    this.activations = this.activations.map(() => ({ spec, params: {} }));
  }
}

/** The engine's MLP with the config's hidden activation, named or an expression. */
export function mlpWithActivation(options: Omit<MlpOptions, 'activation'>, activation: ActivationConfig): MLP {
  if (activation.kind === 'named') return new MLP({ ...options, activation: activationChoice(activation) });
  return new ExpressionMLP(options, expressionSpec(activation.expression, activation.label));
}
