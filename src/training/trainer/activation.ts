/** The hidden activation of a config, as the engine's MLP takes it. */
import type { ActivationChoice } from '../../engine';
import type { ActivationConfig } from '../config/types';

export function activationChoice(a: ActivationConfig): ActivationChoice {
  if (a.kind === 'named') {
    const params: Record<string, number> = {};
    for (const [k, v] of Object.entries(a.params)) if (typeof v === 'number') params[k] = v;
    return { name: a.name, params };
  }
  // The engine's MLP takes activations from its registry only (ActivationChoice is a name).
  throw new Error(`expression activations cannot train yet: the engine's MLP accepts registry activations only ("${a.expression}")`);
}
