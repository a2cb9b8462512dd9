/**
 * What every layer shares: its parameters (by name), train/eval mode, and zeroGrad.
 * Deliberately small, like micrograd's Module: composition plus `parameters()`.
 */

import type { Tensor } from '../tensor';

export abstract class Module {
  /** Training mode (batch statistics in BatchNorm) versus eval mode (running statistics). */
  training = true;

  /** Own parameters, by local name (e.g. "weight"). */
  protected ownParameters(): [string, Tensor][] {
    return [];
  }

  /** Sub-modules, by local name (e.g. "layers.0"). */
  children(): [string, Module][] {
    return [];
  }

  /** Every parameter with its dotted path, in a stable order (e.g. "layers.0.weight"). */
  namedParameters(prefix = ''): [string, Tensor][] {
    const out: [string, Tensor][] = this.ownParameters().map(([n, t]) => [prefix + n, t]);
    for (const [name, child] of this.children()) out.push(...child.namedParameters(`${prefix}${name}.`));
    return out;
  }

  parameters(): Tensor[] {
    return this.namedParameters().map(([, t]) => t);
  }

  /** Clears every parameter's gradient (sets it to null, as torch's zero_grad(set_to_none=True)). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = null;
  }

  train(mode = true): this {
    this.training = mode;
    for (const [, child] of this.children()) child.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Total number of scalar parameters. */
  parameterCount(): number {
    return this.parameters().reduce((n, p) => n + p.size, 0);
  }
}
