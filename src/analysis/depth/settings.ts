/**
 * The settings of the depth explorer: one random MLP (depth × width, one activation, one
 * initializer), the batch it is measured on, and the clipping rule. The panel, the worker, the CLI
 * and the tests all read settings through `normalizeDepthSettings`, so a value the UI would refuse
 * is refused everywhere with the same message.
 */

export type InputDistribution = 'normal' | 'uniform' | 'sign';
export const INPUT_DISTRIBUTIONS: readonly InputDistribution[] = ['normal', 'uniform', 'sign'];

export type ClipMode = 'none' | 'value' | 'norm';
export const CLIP_MODES: readonly ClipMode[] = ['none', 'value', 'norm'];

/** The activation name that means "use `expression`". */
export const CUSTOM_ACTIVATION = 'custom';

export interface DepthSettings {
  /** Hidden layers (each Linear → [BatchNorm] → activation, optionally with a skip connection). */
  readonly depth: number;
  /** Units per hidden layer; the input has the same width so every hidden weight is square. */
  readonly width: number;
  /** A name from the engine's activation registry, or CUSTOM_ACTIVATION. */
  readonly activation: string;
  /** phi(x) as an expression in x, used when `activation` is CUSTOM_ACTIVATION. */
  readonly expression: string;
  /** A torch.nn.init initializer name or alias (xavier, he, normal, ...). */
  readonly init: string;
  /** Multiplies the initializer's std (torch's `gain`). */
  readonly gain: number;
  /** Std of the "normal" initializer before the gain (torch.nn.init.normal_'s std). */
  readonly weightStd: number;
  /** Biases ~ N(0, biasStd²); 0 gives zero biases. */
  readonly biasStd: number;
  readonly batchNorm: boolean;
  readonly residual: boolean;
  readonly batchSize: number;
  /** Input coordinates: N(0,1), U(-√3, √3) or ±1, all with unit variance. */
  readonly input: InputDistribution;
  readonly seed: number;
  readonly clip: ClipMode;
  /** Clip by value: every gradient coordinate clamped to [-clipValue, clipValue]. */
  readonly clipValue: number;
  /** Clip by norm: max_norm of torch.nn.utils.clip_grad_norm_. */
  readonly clipNorm: number;
}

/** The short training run of the clipping section (SGD on a fixed teacher-student regression). */
export interface TrainingSettings {
  readonly learningRate: number;
  readonly steps: number;
}

interface Range {
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
}

export const DEPTH_LIMITS = {
  depth: { min: 1, max: 200, integer: true },
  width: { min: 2, max: 256, integer: true },
  gain: { min: 0, max: 100, integer: false },
  weightStd: { min: 0, max: 100, integer: false },
  biasStd: { min: 0, max: 100, integer: false },
  batchSize: { min: 1, max: 256, integer: true },
  seed: { min: 0, max: 2 ** 32 - 1, integer: true },
  clipValue: { min: 0, max: 1e12, integer: false },
  clipNorm: { min: 1e-12, max: 1e12, integer: false },
  learningRate: { min: 1e-6, max: 100, integer: false },
  steps: { min: 1, max: 2000, integer: true },
} as const satisfies Readonly<Record<string, Range>>;

export const DEFAULT_DEPTH_SETTINGS: DepthSettings = {
  depth: 30,
  width: 64,
  activation: 'tanh',
  expression: 'x / (1 + abs(x))',
  init: 'xavier_normal',
  gain: 1,
  weightStd: 0.1,
  biasStd: 0,
  batchNorm: false,
  residual: false,
  batchSize: 64,
  input: 'normal',
  seed: 0,
  clip: 'none',
  clipValue: 0.01,
  clipNorm: 1,
};

export const DEFAULT_TRAINING_SETTINGS: TrainingSettings = { learningRate: 0.05, steps: 100 };

/** A refused value: which setting, and a sentence for the user (English; the UI translates it). */
export interface SettingsProblem {
  readonly key: string;
  readonly message: string;
}

function checkNumber(key: keyof typeof DEPTH_LIMITS, value: unknown, problems: SettingsProblem[]): void {
  const r: Range = DEPTH_LIMITS[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    problems.push({ key, message: `${key} must be a number` });
  } else if (r.integer && !Number.isInteger(value)) {
    problems.push({ key, message: `${key} must be a whole number` });
  } else if (value < r.min || value > r.max) {
    problems.push({ key, message: `${key} must be between ${r.min} and ${r.max}` });
  }
}

/**
 * Merges `partial` over `base` and checks every field. Names (activation, initializer) are checked
 * by the caller against the engine's registries, which this module does not import.
 */
export function normalizeDepthSettings(
  partial: Partial<DepthSettings>, base: DepthSettings = DEFAULT_DEPTH_SETTINGS,
): { settings: DepthSettings; problems: SettingsProblem[] } {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const s = { ...base, ...defined } as DepthSettings;
  const problems: SettingsProblem[] = [];
  for (const key of ['depth', 'width', 'gain', 'weightStd', 'biasStd', 'batchSize', 'seed', 'clipValue', 'clipNorm'] as const) {
    checkNumber(key, s[key], problems);
  }
  for (const key of ['batchNorm', 'residual'] as const) {
    if (typeof s[key] !== 'boolean') problems.push({ key, message: `${key} must be true or false` });
  }
  for (const key of ['activation', 'expression', 'init'] as const) {
    if (typeof s[key] !== 'string') problems.push({ key, message: `${key} must be a string` });
  }
  if (!INPUT_DISTRIBUTIONS.includes(s.input)) {
    problems.push({ key: 'input', message: `input must be one of ${INPUT_DISTRIBUTIONS.join(', ')}` });
  }
  if (!CLIP_MODES.includes(s.clip)) problems.push({ key: 'clip', message: `clip must be one of ${CLIP_MODES.join(', ')}` });
  if (s.batchNorm && s.batchSize < 2) {
    problems.push({ key: 'batchSize', message: 'batch normalization needs a batch of at least 2' });
  }
  return { settings: s, problems };
}

export function normalizeTrainingSettings(
  partial: Partial<TrainingSettings>, base: TrainingSettings = DEFAULT_TRAINING_SETTINGS,
): { settings: TrainingSettings; problems: SettingsProblem[] } {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const s = { ...base, ...defined } as TrainingSettings;
  const problems: SettingsProblem[] = [];
  checkNumber('learningRate', s.learningRate, problems);
  checkNumber('steps', s.steps, problems);
  return { settings: s, problems };
}

/** Throws one error listing every problem (for the CLI and the worker). */
export function assertNoProblems(problems: readonly SettingsProblem[]): void {
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join('; '));
}

/** Settings the analysis cannot use; `field` names the control to mark (e.g. 'expression'). */
export class DepthInputError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = 'DepthInputError';
  }
}
