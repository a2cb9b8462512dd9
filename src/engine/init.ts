/**
 * Weight initialisers with torch.nn.init's definitions, plus one registry of their names that
 * the config validator, the depth explorer and the CLI all read.
 *
 * Every initialiser fills a Float64Array for a weight of shape [out, in] (row-major, as
 * nn.Linear stores it) from a seeded Rng, and takes a `gain` that multiplies every weight
 * (so it multiplies the std). The std each one uses is available without sampling through
 * `initializerStd`, which is what the mean-field theory needs (sigma_w = std * sqrt(fan_in)).
 */
import type { Rng } from './rng';
import { orthogonalMatrix } from './orthogonal';
import { takeBuffer } from './kernels/bufferPool';

/** Nonlinearities understood by `calculateGain`, as in torch.nn.init.calculate_gain. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d'
  | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

const LINEAR_LIKE = new Set<string>([
  'linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d', 'conv_transpose3d', 'sigmoid',
]);

/** The recommended gain for a nonlinearity; `param` is leaky_relu's negative slope (default 0.01). */
export function calculateGain(nonlinearity: Nonlinearity | string, param?: number): number {
  if (LINEAR_LIKE.has(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh': return 5 / 3;
    case 'relu': return Math.sqrt(2);
    case 'leaky_relu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new RangeError(`negative_slope ${slope} not a valid number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu': return 3 / 4;
    default: throw new RangeError(`Unsupported nonlinearity ${nonlinearity}`);
  }
}

/** fan_in and fan_out of a weight shape, as torch's _calculate_fan_in_and_fan_out. */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length < 2) {
    throw new RangeError('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  }
  let receptive = 1;
  for (let i = 2; i < shape.length; i++) receptive *= shape[i];
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

export interface InitOptions {
  /** Multiplies every weight (default 1). */
  gain?: number;
  /** "normal": the standard deviation before the gain (default 1, as torch.nn.init.normal_). */
  std?: number;
  /** "uniform": the interval before the gain (default ±1/sqrt(fan_in), nn.Linear's default bound). */
  low?: number;
  high?: number;
  /** Kaiming: the nonlinearity whose gain sets the scale (default 'relu': std sqrt(2/fan)). */
  nonlinearity?: Nonlinearity;
  /** Kaiming with leaky_relu: the negative slope (torch's `a`, default 0). */
  negativeSlope?: number;
  /** Kaiming: preserve the forward variance ('fan_in', default) or the backward one ('fan_out'). */
  mode?: 'fan_in' | 'fan_out';
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function uniformBounds(shape: readonly number[], o: InitOptions): [number, number] {
  if (o.low !== undefined || o.high !== undefined) return [o.low ?? 0, o.high ?? 1];
  const bound = 1 / Math.sqrt(computeFans(shape).fanIn);
  return [-bound, bound];
}

function kaimingStd(shape: readonly number[], o: InitOptions): number {
  const { fanIn, fanOut } = computeFans(shape);
  const fan = o.mode === 'fan_out' ? fanOut : fanIn;
  const nl = o.nonlinearity ?? 'relu';
  return calculateGain(nl, nl === 'leaky_relu' ? o.negativeSlope ?? 0 : undefined) / Math.sqrt(fan);
}

function xavierStd(shape: readonly number[]): number {
  const { fanIn, fanOut } = computeFans(shape);
  return Math.sqrt(2 / (fanIn + fanOut));
}

/** U(low, high) times gain (torch.nn.init.uniform_). */
export function initUniform(rng: Rng, shape: readonly number[], low: number, high: number, gain = 1): Float64Array {
  return rng.fillUniform(takeBuffer(numel(shape)), low * gain, high * gain);
}

/** N(0, std^2) times gain (torch.nn.init.normal_). */
export function initNormal(rng: Rng, shape: readonly number[], std: number, gain = 1): Float64Array {
  return rng.fillNormal(takeBuffer(numel(shape)), 0, std * gain);
}

/** Glorot & Bengio 2010: U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)). */
export function xavierUniform(rng: Rng, shape: readonly number[], gain = 1): Float64Array {
  const a = Math.sqrt(3) * gain * xavierStd(shape);
  return initUniform(rng, shape, -a, a);
}

/** Glorot & Bengio 2010: N(0, std^2), std = gain * sqrt(2 / (fan_in + fan_out)). */
export function xavierNormal(rng: Rng, shape: readonly number[], gain = 1): Float64Array {
  return initNormal(rng, shape, xavierStd(shape), gain);
}

/** He et al. 2015, uniform: bound sqrt(3) * calculateGain(nonlinearity) / sqrt(fan), times gain. */
export function kaimingUniform(rng: Rng, shape: readonly number[], options: InitOptions = {}): Float64Array {
  const bound = Math.sqrt(3) * kaimingStd(shape, options) * (options.gain ?? 1);
  return initUniform(rng, shape, -bound, bound);
}

/** He et al. 2015, normal: std calculateGain(nonlinearity) / sqrt(fan) (sqrt(2/fan_in) for relu), times gain. */
export function kaimingNormal(rng: Rng, shape: readonly number[], options: InitOptions = {}): Float64Array {
  return initNormal(rng, shape, kaimingStd(shape, options), options.gain ?? 1);
}

/** LeCun et al. 1998: N(0, 1/fan_in), times gain (the plain normal, not JAX's truncated one). */
export function lecunNormal(rng: Rng, shape: readonly number[], gain = 1): Float64Array {
  return initNormal(rng, shape, 1 / Math.sqrt(computeFans(shape).fanIn), gain);
}

/** Orthonormal rows or columns times gain (torch.nn.init.orthogonal_), for shape [out, in, ...]. */
export function orthogonal(rng: Rng, shape: readonly number[], gain = 1): Float64Array {
  if (shape.length < 2) throw new RangeError('Only tensors with 2 or more dimensions are supported');
  const rows = shape[0];
  return orthogonalMatrix(rng, rows, numel(shape) / rows, gain);
}

/** All zeros (torch.nn.init.zeros_); used for biases. */
export function initZeros(shape: readonly number[]): Float64Array {
  return new Float64Array(numel(shape));
}

export const INITIALIZER_NAMES = [
  'uniform', 'normal', 'xavier_uniform', 'xavier_normal', 'kaiming_uniform', 'kaiming_normal',
  'lecun_normal', 'orthogonal', 'zeros',
] as const;
export type InitializerName = (typeof INITIALIZER_NAMES)[number];

export interface InitializerInfo {
  readonly name: InitializerName;
  readonly aliases: readonly string[];
  /** The torch.nn.init function it reproduces. */
  readonly torch: string;
  readonly description: string;
  /** Standard deviation of one weight of a matrix of this shape, gain included (no sampling). */
  std(shape: readonly number[], options?: InitOptions): number;
  sample(rng: Rng, shape: readonly number[], options?: InitOptions): Float64Array;
}

const uniformStd = (shape: readonly number[], o: InitOptions): number => {
  const [lo, hi] = uniformBounds(shape, o);
  return (Math.abs(hi - lo) / Math.sqrt(12)) * Math.abs(o.gain ?? 1);
};

export const INITIALIZERS: Readonly<Record<InitializerName, InitializerInfo>> = {
  uniform: {
    name: 'uniform', aliases: [], torch: 'uniform_',
    description: 'U(low, high); default bound 1/sqrt(fan_in), as nn.Linear',
    std: (s, o = {}) => uniformStd(s, o),
    sample: (rng, s, o = {}) => initUniform(rng, s, ...uniformBounds(s, o), o.gain ?? 1),
  },
  normal: {
    name: 'normal', aliases: [], torch: 'normal_',
    description: 'N(0, std²) with the given std',
    std: (_s, o = {}) => Math.abs((o.std ?? 1) * (o.gain ?? 1)),
    sample: (rng, s, o = {}) => initNormal(rng, s, o.std ?? 1, o.gain ?? 1),
  },
  xavier_uniform: {
    name: 'xavier_uniform', aliases: [], torch: 'xavier_uniform_',
    description: 'Glorot uniform: bound sqrt(6 / (fan_in + fan_out))',
    std: (s, o = {}) => xavierStd(s) * Math.abs(o.gain ?? 1),
    sample: (rng, s, o = {}) => xavierUniform(rng, s, o.gain ?? 1),
  },
  xavier_normal: {
    name: 'xavier_normal', aliases: ['xavier', 'glorot', 'glorot_normal'], torch: 'xavier_normal_',
    description: 'Glorot normal: std sqrt(2 / (fan_in + fan_out))',
    std: (s, o = {}) => xavierStd(s) * Math.abs(o.gain ?? 1),
    sample: (rng, s, o = {}) => xavierNormal(rng, s, o.gain ?? 1),
  },
  kaiming_uniform: {
    name: 'kaiming_uniform', aliases: ['he_uniform'], torch: 'kaiming_uniform_',
    description: 'He uniform: bound sqrt(6 / fan_in) for relu',
    std: (s, o = {}) => kaimingStd(s, o) * Math.abs(o.gain ?? 1),
    sample: (rng, s, o = {}) => kaimingUniform(rng, s, o),
  },
  kaiming_normal: {
    name: 'kaiming_normal', aliases: ['he', 'kaiming', 'he_normal'], torch: 'kaiming_normal_',
    description: 'He normal: std sqrt(2 / fan_in) for relu',
    std: (s, o = {}) => kaimingStd(s, o) * Math.abs(o.gain ?? 1),
    sample: (rng, s, o = {}) => kaimingNormal(rng, s, o),
  },
  lecun_normal: {
    name: 'lecun_normal', aliases: ['lecun'], torch: 'normal_(std=1/sqrt(fan_in))',
    description: 'LeCun normal: std 1 / sqrt(fan_in)',
    std: (s, o = {}) => Math.abs(o.gain ?? 1) / Math.sqrt(computeFans(s).fanIn),
    sample: (rng, s, o = {}) => lecunNormal(rng, s, o.gain ?? 1),
  },
  orthogonal: {
    name: 'orthogonal', aliases: [], torch: 'orthogonal_',
    description: 'orthonormal rows or columns (QR of a Gaussian matrix), times gain',
    // Q has min(rows, cols) unit rows or columns, so the mean square weight is min/(rows*cols).
    std: (s, o = {}) => {
      const rows = s[0];
      const cols = numel(s) / rows;
      return Math.abs(o.gain ?? 1) * Math.sqrt(Math.min(rows, cols) / (rows * cols));
    },
    sample: (rng, s, o = {}) => orthogonal(rng, s, o.gain ?? 1),
  },
  zeros: {
    name: 'zeros', aliases: ['zero'], torch: 'zeros_',
    description: 'all zeros (every unit computes the same thing: symmetry is never broken)',
    std: () => 0,
    sample: (_rng, s) => initZeros(s),
  },
};

const BY_NAME = new Map<string, InitializerInfo>();
for (const info of Object.values(INITIALIZERS)) {
  BY_NAME.set(info.name, info);
  for (const alias of info.aliases) BY_NAME.set(alias, info);
}

/** Every accepted spelling: canonical names and aliases ("xavier", "he", ...). */
export const INITIALIZER_ALIASES: readonly string[] = [...BY_NAME.keys()];

/** The initialiser for a name or alias (case-insensitive), or undefined. */
export function findInitializer(name: string): InitializerInfo | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** The initialiser for a name or alias; throws a message listing the valid names otherwise. */
export function getInitializer(name: string): InitializerInfo {
  const info = findInitializer(name);
  if (!info) throw new RangeError(`Unknown initializer '${name}'. Valid names: ${INITIALIZER_ALIASES.join(', ')}`);
  return info;
}

/** Samples a weight of `shape` with the named initialiser. */
export function initWeights(name: string, rng: Rng, shape: readonly number[], options: InitOptions = {}): Float64Array {
  return getInitializer(name).sample(rng, shape, options);
}

/** Standard deviation the named initialiser uses for `shape` (gain included). */
export function initializerStd(name: string, shape: readonly number[], options: InitOptions = {}): number {
  return getInitializer(name).std(shape, options);
}
