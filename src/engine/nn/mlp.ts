/**
 * The multi-layer perceptron builder: linear layers with an activation after each hidden one,
 * optional BatchNorm1d before each activation, optional residual connections, and an output head.
 *
 *   z_k = h_{k-1}·W_kᵀ + b_k         (k = 1 … L+1; Linear, W_k of shape [out, in])
 *   u_k = BN_k(z_k) or z_k           (hidden layers)
 *   h_k = φ_k(u_k)  (+ h_{k-1} when residual and the widths agree)
 *   ŷ   = head(z_{L+1})              (identity by default)
 *
 * With `forward(x, { trace: true })` the network keeps z_k, u_k and h_k of that pass and marks
 * them to retain their gradients, so after `backward` the instrumentation can read dL/dz_k.
 */

import { Tensor, shapeToString } from '../tensor';
import { add } from '../ops/elementwise';
import { Rng, type Seed } from '../rng';
import type { InitOptions } from '../init';
import { findActivation, getActivation, resolveActivationParams, type ActivationParams, type ActivationSpec } from '../activations/registry';
import { isFusedActivation, linearActivation, type FusedActivation } from '../kernels/fusedLinear';
import { resolveActivation } from '../activations/resolve';
import { Module } from './module';
import { Linear } from './linear';
import { BatchNorm1d } from './batchnorm';

/** An activation by name, by name with parameters (PyTorch keywords), or as an expression in x. */
export type ActivationChoice =
  | string
  | { readonly name: string; readonly params?: ActivationParams }
  | { readonly expression: string; readonly label?: string };

export interface MlpOptions {
  /** All layer sizes, input first: [in, hidden₁, …, hidden_L, out]. */
  sizes?: readonly number[];
  /** Alternatively: input size, number of hidden layers, their width, output size. */
  inputSize?: number;
  depth?: number;
  width?: number;
  outputSize?: number;
  /** Activation of every hidden layer (default 'relu'), or one per hidden layer. */
  activation?: ActivationChoice | readonly ActivationChoice[];
  /** Applied to the last linear layer's output: 'identity' (default), 'sigmoid', 'log_softmax', … */
  head?: ActivationChoice;
  /** Add each hidden layer's input to its output when the widths agree (h_k = h_{k-1} + φ(z_k)). */
  residual?: boolean;
  /** BatchNorm1d between each hidden linear layer and its activation. */
  batchNorm?: boolean;
  /** Biases in the linear layers (default true). */
  bias?: boolean;
  /** Weight initialiser name (init.ts); default PyTorch's nn.Linear default. */
  init?: string;
  initOptions?: InitOptions;
  biasInit?: 'zeros' | 'uniform';
  /** Seed (or generator) for the initial weights; each layer draws from its own fork. */
  seed?: Seed;
  rng?: Rng;
  /** Explicit initial weights [out·in] and biases [out] per linear layer (overrides init). */
  weights?: readonly ArrayLike<number>[];
  biases?: readonly ArrayLike<number>[];
}

/** One activation as resolved for a layer. */
export interface LayerActivation {
  readonly spec: ActivationSpec;
  readonly params: ActivationParams;
}

/** The tensors of one layer in a traced forward pass. */
export interface LayerTrace {
  /** z_k, the linear layer's output (for the last layer: ŷ before the head). */
  readonly linearOut: Tensor;
  /** u_k, the activation's input (z_k, or BN(z_k)); null for the output layer. */
  readonly preActivation: Tensor | null;
  /** φ(u_k); null for the output layer. */
  readonly activation: Tensor | null;
  /** The layer's output h_k (after the residual add; for the last layer, the head's output). */
  readonly output: Tensor;
}

export interface ForwardTrace {
  readonly input: Tensor;
  readonly layers: readonly LayerTrace[];
}

function resolveChoice(choice: ActivationChoice): LayerActivation {
  if (typeof choice !== 'string' && 'expression' in choice) {
    const found = resolveActivation(choice);
    if (!found.ok) throw new Error(`activation expression: ${found.error}`);
    return { spec: found.spec, params: {} };
  }
  const { name, params } = typeof choice === 'string' ? { name: choice, params: {} } : choice;
  const spec = getActivation(name);
  return { spec, params: resolveActivationParams(spec, params ?? {}) };
}

function isChoiceList(c: ActivationChoice | readonly ActivationChoice[]): c is readonly ActivationChoice[] {
  return Array.isArray(c);
}

function layerSizes(o: MlpOptions): number[] {
  if (o.sizes !== undefined) return [...o.sizes];
  const { inputSize, depth, width, outputSize } = o;
  if (inputSize === undefined || depth === undefined || width === undefined || outputSize === undefined) {
    throw new Error('MLP: give either sizes, or inputSize, depth, width and outputSize');
  }
  return [inputSize, ...Array<number>(depth).fill(width), outputSize];
}

export class MLP extends Module {
  /** Sizes [in, hidden…, out]. */
  readonly sizes: readonly number[];
  readonly layers: readonly Linear[];
  /** BatchNorm1d per hidden layer, when enabled. */
  readonly norms: readonly BatchNorm1d[];
  /** One activation per hidden layer. */
  readonly activations: readonly LayerActivation[];
  readonly head: LayerActivation;
  readonly residual: boolean;
  /** The tensors of the last `forward(x, { trace: true })`. */
  lastTrace: ForwardTrace | null = null;
  /** Per hidden layer, the registry activation a fused kernel computes with its linear layer (else null). */
  private readonly fusable: readonly (FusedActivation | null)[];

  constructor(options: MlpOptions) {
    super();
    const sizes = layerSizes(options);
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`MLP: invalid layer sizes [${sizes.join(', ')}]`);
    }
    this.sizes = Object.freeze(sizes);
    const hidden = sizes.length - 2;
    const choice = options.activation ?? 'relu';
    const perLayer: readonly ActivationChoice[] = isChoiceList(choice) ? choice : Array<ActivationChoice>(hidden).fill(choice);
    if (perLayer.length !== hidden) throw new Error(`MLP: ${perLayer.length} activations given for ${hidden} hidden layers`);
    this.activations = perLayer.map(resolveChoice);
    for (const a of this.activations) {
      if (a.spec.kind !== 'elementwise') throw new Error(`MLP: ${a.spec.name} cannot be a hidden-layer activation`);
    }
    this.head = resolveChoice(options.head ?? 'identity');
    this.residual = options.residual ?? false;

    const rng = options.rng ?? new Rng(options.seed ?? 0);
    const layers: Linear[] = [];
    for (let k = 0; k + 1 < sizes.length; k++) {
      layers.push(new Linear(sizes[k], sizes[k + 1], {
        bias: options.bias, init: options.init, initOptions: options.initOptions, biasInit: options.biasInit,
        rng: rng.fork(`layer${k}`), weight: options.weights?.[k], biasValues: options.biases?.[k],
      }));
    }
    this.layers = layers;
    this.norms = options.batchNorm ? sizes.slice(1, -1).map((w) => new BatchNorm1d(w)) : [];
    this.fusable = this.activations.map(({ spec }) =>
      this.norms.length === 0 && findActivation(spec.name) === spec && isFusedActivation(spec.name) ? spec.name : null);
  }

  override children(): [string, Module][] {
    return [
      ...this.layers.map((l, i): [string, Module] => [`layers.${i}`, l]),
      ...this.norms.map((n, i): [string, Module] => [`norms.${i}`, n]),
    ];
  }

  /** Number of hidden (activated) layers. */
  get depth(): number {
    return this.layers.length - 1;
  }

  forward(x: Tensor, options: { trace?: boolean } = {}): Tensor {
    if (x.ndim !== 2 || x.shape[1] !== this.sizes[0]) {
      throw new Error(`MLP expects input [N, ${this.sizes[0]}], got ${shapeToString(x.shape)}`);
    }
    const trace = options.trace ?? false;
    const keep = (t: Tensor) => (trace && t.requiresGrad ? t.retainGrad() : t);
    const traced: LayerTrace[] = [];
    let h = x;
    for (let k = 0; k < this.depth; k++) {
      // Untraced, a registry tanh/sigmoid/relu layer runs as one op (kernels/fusedLinear.ts): the
      // same numbers, without the intermediate z this loop would otherwise keep.
      const fused = trace ? null : this.fusable[k];
      if (fused !== null) {
        const a = linearActivation(h, this.layers[k].weight, this.layers[k].bias, fused);
        h = this.residual && h.shape[1] === a.shape[1] ? add(h, a) : a;
        continue;
      }
      const z = keep(this.layers[k].forward(h));
      const u = this.norms.length > 0 ? keep(this.norms[k].forward(z)) : z;
      const { spec, params } = this.activations[k];
      const a = spec.apply(u, params);
      const out = this.residual && h.shape[1] === a.shape[1] ? add(h, a) : a;
      if (trace) traced.push({ linearOut: z, preActivation: u, activation: a, output: out });
      h = out;
    }
    const z = keep(this.layers[this.depth].forward(h));
    const y = this.head.spec.apply(z, this.head.params);
    if (trace) {
      traced.push({ linearOut: z, preActivation: null, activation: null, output: y });
      this.lastTrace = { input: x, layers: traced };
    }
    return y;
  }

  override toString(): string {
    const acts = this.activations.map((a) => a.spec.name);
    const same = acts.every((a) => a === acts[0]);
    return `MLP(sizes=[${this.sizes.join(', ')}], activation=${same ? acts[0] ?? '-' : acts.join('/')}, ` +
      `head=${this.head.spec.name}${this.residual ? ', residual' : ''}${this.norms.length > 0 ? ', batchNorm' : ''})`;
  }
}
