/**
 * The activation registry: one entry per activation, read by the plots, the config validator
 * (its list of names), the CLI and the tests. Adding an activation is adding one entry here.
 *
 * Names and parameter names are PyTorch's (`leaky_relu`, `negative_slope`, …), so a config or an
 * oracle file can pass its parameters straight through. Each entry's `apply` builds its result
 * from engine ops, so f' and f'' of every activation come from autograd.
 */

import type { Tensor } from '../tensor';
import { sigmoid, tanh } from '../ops/unary';
import {
  relu, leakyRelu, hardtanh, elu, selu, celu, softplus, logSigmoid, hardsigmoid, hardswish, SELU_ALPHA, SELU_SCALE,
} from '../ops/piecewise';
import { softmax, logSoftmax } from '../ops/softmax';
import { silu, gelu, geluTanh, mish, softsign, tanhshrink } from './composite';

/** A tunable parameter, with the slider range the UI offers (not a validity bound). */
export interface ActivationParam {
  /** PyTorch's keyword for it. */
  readonly name: string;
  readonly label: string;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly description: string;
}

export type ActivationParams = Readonly<Record<string, number>>;

export interface ActivationSpec {
  /** Registry key, as in PyTorch (snake_case). */
  readonly name: string;
  /** Display name. */
  readonly label: string;
  /** Other accepted spellings (e.g. `swish` for `silu`). */
  readonly aliases: readonly string[];
  /** One line of English: what it is and the one fact about its gradient worth knowing. */
  readonly description: string;
  /** The PyTorch call it matches. */
  readonly torch: string;
  /** 'elementwise' acts per element; 'normalizer' (softmax) acts along the last axis. */
  readonly kind: 'elementwise' | 'normalizer';
  readonly params: readonly ActivationParam[];
  /** Applies the activation; missing parameters take their defaults. */
  apply(x: Tensor, params?: ActivationParams): Tensor;
  /** Hints for default parameters: the output range (endpoints may be approached, not reached). */
  readonly range: readonly [number, number];
  /** Outputs roughly centred on 0 (odd functions, and SELU/ELU by design). */
  readonly zeroCentred: boolean;
  readonly monotonic: boolean;
  /** Continuously differentiable everywhere. */
  readonly smooth: boolean;
  /** Points where f' jumps, for default parameters. */
  readonly kinks: readonly number[];
}

type Entry = Omit<ActivationSpec, 'apply' | 'aliases' | 'kind' | 'params'> & {
  aliases?: readonly string[];
  kind?: ActivationSpec['kind'];
  params?: readonly ActivationParam[];
  /** Receives the parameters with defaults already filled in. */
  fn(x: Tensor, p: ActivationParams): Tensor;
};

const INF = Infinity;

const alphaParam = (what: string): ActivationParam => ({
  name: 'alpha', label: 'α', default: 1, min: 0.1, max: 3, step: 0.05, description: what,
});

const ENTRIES: readonly Entry[] = [
  {
    name: 'relu', label: 'ReLU', torch: 'torch.nn.functional.relu(x)',
    description: "max(0, x); derivative 0 or 1, so a unit with negative input passes no gradient",
    range: [0, INF], zeroCentred: false, monotonic: true, smooth: false, kinks: [0],
    fn: (x) => relu(x),
  },
  {
    name: 'leaky_relu', label: 'Leaky ReLU', torch: 'torch.nn.functional.leaky_relu(x, negative_slope)',
    description: 'x for x > 0, slope·x otherwise; the small slope keeps negative units learning',
    params: [{ name: 'negative_slope', label: 'slope', default: 0.01, min: 0, max: 1, step: 0.01, description: 'slope for x < 0' }],
    range: [-INF, INF], zeroCentred: false, monotonic: true, smooth: false, kinks: [0],
    fn: (x, p) => leakyRelu(x, p.negative_slope),
  },
  {
    name: 'elu', label: 'ELU', torch: 'torch.nn.functional.elu(x, alpha)',
    description: 'x for x > 0, α(eˣ − 1) otherwise; saturates smoothly at −α for negative inputs',
    params: [alphaParam('value approached as x → −∞ is −α')],
    range: [-1, INF], zeroCentred: true, monotonic: true, smooth: true, kinks: [],
    fn: (x, p) => elu(x, p.alpha),
  },
  {
    name: 'selu', label: 'SELU', torch: 'torch.nn.functional.selu(x)',
    description: 'scaled ELU whose fixed constants keep activations near zero mean and unit variance',
    range: [-SELU_SCALE * SELU_ALPHA, INF], zeroCentred: true, monotonic: true, smooth: false, kinks: [0],
    fn: (x) => selu(x),
  },
  {
    name: 'celu', label: 'CELU', torch: 'torch.nn.functional.celu(x, alpha)',
    description: 'ELU with the input scaled by 1/α, so it is continuously differentiable for every α',
    params: [alphaParam('value approached as x → −∞ is −α')],
    range: [-1, INF], zeroCentred: true, monotonic: true, smooth: true, kinks: [],
    fn: (x, p) => celu(x, p.alpha),
  },
  {
    name: 'gelu', label: 'GELU', torch: "torch.nn.functional.gelu(x, approximate='none')",
    description: 'x·Φ(x) with the exact normal CDF; smooth, with a shallow dip below 0 for x < 0',
    range: [-0.169971, INF], zeroCentred: false, monotonic: false, smooth: true, kinks: [],
    fn: (x) => gelu(x),
  },
  {
    name: 'gelu_tanh', label: 'GELU (tanh)', torch: "torch.nn.functional.gelu(x, approximate='tanh')",
    description: 'GELU with Φ approximated through tanh, as in BERT and GPT-2',
    range: [-0.170041, INF], zeroCentred: false, monotonic: false, smooth: true, kinks: [],
    fn: (x) => geluTanh(x),
  },
  {
    name: 'silu', label: 'SiLU (swish)', aliases: ['swish'], torch: 'torch.nn.functional.silu(x)',
    description: 'x·σ(x); smooth and non-monotonic, with slope up to about 1.1',
    range: [-0.27847, INF], zeroCentred: false, monotonic: false, smooth: true, kinks: [],
    fn: (x) => silu(x),
  },
  {
    name: 'mish', label: 'Mish', torch: 'torch.nn.functional.mish(x)',
    description: 'x·tanh(softplus(x)); smooth and non-monotonic, unbounded above',
    range: [-0.30885, INF], zeroCentred: false, monotonic: false, smooth: true, kinks: [],
    fn: (x) => mish(x),
  },
  {
    name: 'softplus', label: 'Softplus', torch: 'torch.nn.functional.softplus(x, beta, threshold)',
    description: 'log(1 + e^{βx})/β, a smooth ReLU whose derivative is σ(βx)',
    params: [
      { name: 'beta', label: 'β', default: 1, min: 0.1, max: 10, step: 0.1, description: 'sharpness: larger β is closer to ReLU' },
      { name: 'threshold', label: 'threshold', default: 20, min: 1, max: 50, step: 1, description: 'above βx = threshold the output is x itself' },
    ],
    range: [0, INF], zeroCentred: false, monotonic: true, smooth: true, kinks: [],
    fn: (x, p) => softplus(x, p.beta, p.threshold),
  },
  {
    name: 'sigmoid', label: 'Sigmoid', aliases: ['logistic'], torch: 'torch.sigmoid(x)',
    description: 'logistic 1/(1 + e^{−x}); derivative at most 0.25, so deep stacks shrink gradients',
    range: [0, 1], zeroCentred: false, monotonic: true, smooth: true, kinks: [],
    fn: (x) => sigmoid(x),
  },
  {
    name: 'tanh', label: 'Tanh', torch: 'torch.tanh(x)',
    description: 'zero-centred S-curve in (−1, 1); derivative at most 1 and tiny once |x| > 3',
    range: [-1, 1], zeroCentred: true, monotonic: true, smooth: true, kinks: [],
    fn: (x) => tanh(x),
  },
  {
    name: 'hardtanh', label: 'Hardtanh', torch: 'torch.nn.functional.hardtanh(x, min_val, max_val)',
    description: 'x clipped to [min, max]; derivative 1 strictly inside, 0 outside',
    params: [
      { name: 'min_val', label: 'min', default: -1, min: -5, max: 0, step: 0.1, description: 'lower clip value' },
      { name: 'max_val', label: 'max', default: 1, min: 0, max: 5, step: 0.1, description: 'upper clip value' },
    ],
    range: [-1, 1], zeroCentred: true, monotonic: true, smooth: false, kinks: [-1, 1],
    fn: (x, p) => hardtanh(x, p.min_val, p.max_val),
  },
  {
    name: 'hardsigmoid', label: 'Hard sigmoid', torch: 'torch.nn.functional.hardsigmoid(x)',
    description: '(x + 3)/6 clipped to [0, 1]; derivative 1/6 on (−3, 3), 0 outside',
    range: [0, 1], zeroCentred: false, monotonic: true, smooth: false, kinks: [-3, 3],
    fn: (x) => hardsigmoid(x),
  },
  {
    name: 'hardswish', label: 'Hard swish', torch: 'torch.nn.functional.hardswish(x)',
    description: 'x·hardsigmoid(x), a piecewise-quadratic swish; slope jumps at ±3',
    range: [-0.375, INF], zeroCentred: false, monotonic: false, smooth: false, kinks: [-3, 3],
    fn: (x) => hardswish(x),
  },
  {
    name: 'softsign', label: 'Softsign', torch: 'torch.nn.functional.softsign(x)',
    description: 'x/(1 + |x|); like tanh, but saturates polynomially, not exponentially',
    range: [-1, 1], zeroCentred: true, monotonic: true, smooth: true, kinks: [],
    fn: (x) => softsign(x),
  },
  {
    name: 'logsigmoid', label: 'Log-sigmoid', torch: 'torch.nn.functional.logsigmoid(x)',
    description: 'log σ(x), computed without overflow; derivative σ(−x), near 1 for very negative x',
    range: [-INF, 0], zeroCentred: false, monotonic: true, smooth: true, kinks: [],
    fn: (x) => logSigmoid(x),
  },
  {
    name: 'relu6', label: 'ReLU6', torch: 'torch.nn.functional.relu6(x)',
    description: 'ReLU capped at 6; derivative 1 only on (0, 6)',
    range: [0, 6], zeroCentred: false, monotonic: true, smooth: false, kinks: [0, 6],
    fn: (x) => hardtanh(x, 0, 6),
  },
  {
    name: 'tanhshrink', label: 'Tanhshrink', torch: 'torch.nn.functional.tanhshrink(x)',
    description: 'x − tanh(x); derivative tanh²(x), which vanishes near the origin',
    range: [-INF, INF], zeroCentred: true, monotonic: true, smooth: true, kinks: [],
    fn: (x) => tanhshrink(x),
  },
  {
    name: 'identity', label: 'Identity', aliases: ['linear', 'none'], torch: 'torch.nn.Identity()(x)',
    description: 'x itself; derivative 1 everywhere (the layer stays linear)',
    range: [-INF, INF], zeroCentred: true, monotonic: true, smooth: true, kinks: [],
    fn: (x) => x,
  },
  {
    name: 'softmax', label: 'Softmax', kind: 'normalizer', torch: 'torch.softmax(x, dim=-1)',
    description: 'exponentials normalised to sum to 1 along the last axis (the row maximum is subtracted first)',
    range: [0, 1], zeroCentred: false, monotonic: false, smooth: true, kinks: [],
    fn: (x) => softmax(x, -1),
  },
  {
    name: 'log_softmax', label: 'Log-softmax', kind: 'normalizer', torch: 'torch.log_softmax(x, dim=-1)',
    description: 'log of softmax along the last axis, finite even where softmax underflows to 0',
    range: [-INF, 0], zeroCentred: false, monotonic: false, smooth: true, kinks: [],
    fn: (x) => logSoftmax(x, -1),
  },
];

/** Fills in defaults and rejects unknown or non-finite parameters. */
export function resolveActivationParams(spec: ActivationSpec, given: ActivationParams = {}): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of spec.params) out[p.name] = p.default;
  for (const [name, value] of Object.entries(given)) {
    if (!spec.params.some((p) => p.name === name)) {
      const known = spec.params.map((p) => p.name).join(', ') || 'none';
      throw new Error(`${spec.name} has no parameter "${name}" (parameters: ${known})`);
    }
    if (!Number.isFinite(value)) throw new Error(`${spec.name}: parameter ${name} must be a finite number, got ${value}`);
    out[name] = value;
  }
  return out;
}

function toSpec(e: Entry): ActivationSpec {
  const { fn, ...rest } = e;
  const spec: ActivationSpec = {
    ...rest,
    aliases: e.aliases ?? [],
    kind: e.kind ?? 'elementwise',
    params: e.params ?? [],
    apply: (x, params) => fn(x, resolveActivationParams(spec, params)),
  };
  return Object.freeze(spec);
}

/** Every activation, in the oracle's order, then the normalizers. */
export const ACTIVATIONS: readonly ActivationSpec[] = Object.freeze(ENTRIES.map(toSpec));

/** Registry keys (no aliases), for validators and CLI help. */
export const ACTIVATION_NAMES: readonly string[] = Object.freeze(ACTIVATIONS.map((a) => a.name));

/** Keys of the elementwise activations (what a hidden layer may use). */
export const ELEMENTWISE_ACTIVATION_NAMES: readonly string[] = Object.freeze(
  ACTIVATIONS.filter((a) => a.kind === 'elementwise').map((a) => a.name),
);

const BY_NAME = new Map<string, ActivationSpec>();
for (const a of ACTIVATIONS) for (const key of [a.name, ...a.aliases]) BY_NAME.set(key, a);

/** The entry for a name or alias, or undefined. */
export function findActivation(name: string): ActivationSpec | undefined {
  return BY_NAME.get(name);
}

/** The entry for a name or alias; an unknown name is an error listing the known ones. */
export function getActivation(name: string): ActivationSpec {
  const a = BY_NAME.get(name);
  if (a === undefined) throw new Error(`unknown activation "${name}"; known: ${ACTIVATION_NAMES.join(', ')}`);
  return a;
}
