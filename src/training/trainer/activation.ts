/**
 * The hidden activation of a config, as the engine's MLP takes it: a registry name with its
 * parameters, or an expression (the MLP compiles it through the engine's resolveActivation).
 */
import { MLP, type ActivationChoice, type MlpOptions } from '../../engine';
import type { ActivationConfig } from '../config/types';

export function activationChoice(a: ActivationConfig): ActivationChoice {
  if (a.kind !== 'named') return { expression: a.expression, label: a.label };
  const params: Record<string, number> = {};
  for (const [k, v] of Object.entries(a.params)) if (typeof v === 'number') params[k] = v;
  return { name: a.name, params };
}

/** The engine's MLP with the config's hidden activation, named or an expression. */
export function mlpWithActivation(options: Omit<MlpOptions, 'activation'>, activation: ActivationConfig): MLP {
  return new MLP({ ...options, activation: activationChoice(activation) });
}
