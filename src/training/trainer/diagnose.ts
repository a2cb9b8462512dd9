/**
 * Where values first became non-finite, for a run that diverged: the first layer (in the order
 * values flow) whose forward values, gradients or updated weights hold a NaN or an infinity.
 */
import type { MLP, Tensor } from '../../engine';

export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}

export interface Divergence {
  /** Index into the Linear layers (0-based). */
  readonly layer: number;
  readonly message: string;
}

/** Forward pass: the first layer whose output, pre-activation or activation is non-finite. */
export function forwardDivergence(model: MLP): Divergence | undefined {
  const layers = model.lastTrace?.layers ?? [];
  for (let k = 0; k < layers.length; k++) {
    const t = layers[k];
    if (!allFinite(t.linearOut.data)) return { layer: k, message: 'the linear output (forward pass) became non-finite' };
    if (t.preActivation && !allFinite(t.preActivation.data)) return { layer: k, message: 'the batch-normalised values (forward pass) became non-finite' };
    if (!allFinite(t.output.data)) return { layer: k, message: 'the activations (forward pass) became non-finite' };
  }
  return undefined;
}

/** Backward pass: gradients flow from the output, so the first non-finite one is the highest layer. */
export function backwardDivergence(model: MLP): Divergence | undefined {
  const layers = model.lastTrace?.layers ?? [];
  for (let k = model.layers.length - 1; k >= 0; k--) {
    const z = layers[k]?.linearOut.grad;
    if (z && !allFinite(z.data)) return { layer: k, message: 'the gradient of the linear output (backward pass) became non-finite' };
    const linear = model.layers[k];
    if (!gradFinite(linear.weight) || (linear.bias && !gradFinite(linear.bias))) {
      return { layer: k, message: 'the parameter gradients (backward pass) became non-finite' };
    }
  }
  return undefined;
}

function gradFinite(t: Tensor): boolean {
  return t.grad === null || allFinite(t.grad.data);
}

/** After the update: the first layer whose weights or biases overflowed. */
export function weightDivergence(model: MLP): Divergence | undefined {
  for (let k = 0; k < model.layers.length; k++) {
    const linear = model.layers[k];
    if (!allFinite(linear.weight.data) || (linear.bias && !allFinite(linear.bias.data))) {
      return { layer: k, message: 'the weights became non-finite after the optimizer step' };
    }
  }
  return undefined;
}
