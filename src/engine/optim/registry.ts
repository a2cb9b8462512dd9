/**
 * The optimizers by name, for configs, the CLI and the UI: one entry per optimizer with its
 * PyTorch class, its hyperparameters and their defaults, and a constructor.
 */
import { Adam, type AdamOptions } from './adam';
import type { Optimizer, Parameter } from './optimizer';
import { RMSprop, type RmspropOptions } from './rmsprop';
import { SGD, type SgdOptions } from './sgd';

export const OPTIMIZER_NAMES = ['sgd', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface OptimizerOptionsByName {
  sgd: SgdOptions;
  adam: AdamOptions;
  rmsprop: RmspropOptions;
}

/** One hyperparameter: its key in the options object, default and valid range. */
export interface HyperparameterInfo {
  readonly key: string;
  readonly kind: 'number' | 'boolean' | 'pair';
  readonly default: number | boolean | readonly [number, number];
  /** Inclusive lower bound for numbers (and for each element of a pair). */
  readonly min?: number;
  /** Exclusive upper bound, where there is one (betas, alpha). */
  readonly maxExclusive?: number;
  readonly description: string;
}

export interface OptimizerInfo {
  readonly name: OptimizerName;
  readonly torchClass: string;
  readonly hyperparameters: readonly HyperparameterInfo[];
}

const lr = (def: number): HyperparameterInfo => ({ key: 'lr', kind: 'number', default: def, min: 0, description: 'learning rate' });
const weightDecay: HyperparameterInfo = {
  key: 'weightDecay', kind: 'number', default: 0, min: 0, description: 'L2 penalty added to the gradient',
};

export const OPTIMIZERS: Readonly<Record<OptimizerName, OptimizerInfo>> = {
  sgd: {
    name: 'sgd', torchClass: 'torch.optim.SGD',
    hyperparameters: [
      lr(1e-3),
      { key: 'momentum', kind: 'number', default: 0, min: 0, description: 'momentum factor' },
      { key: 'dampening', kind: 'number', default: 0, min: 0, description: 'dampening for momentum' },
      weightDecay,
      { key: 'nesterov', kind: 'boolean', default: false, description: 'Nesterov momentum' },
    ],
  },
  adam: {
    name: 'adam', torchClass: 'torch.optim.Adam',
    hyperparameters: [
      lr(1e-3),
      { key: 'betas', kind: 'pair', default: [0.9, 0.999], min: 0, maxExclusive: 1, description: 'decay rates of the moment estimates' },
      { key: 'eps', kind: 'number', default: 1e-8, min: 0, description: 'added to the bias-corrected RMS' },
      weightDecay,
      { key: 'amsgrad', kind: 'boolean', default: false, description: 'use the running maximum of v' },
    ],
  },
  rmsprop: {
    name: 'rmsprop', torchClass: 'torch.optim.RMSprop',
    hyperparameters: [
      lr(1e-2),
      { key: 'alpha', kind: 'number', default: 0.99, min: 0, description: 'smoothing constant' },
      { key: 'eps', kind: 'number', default: 1e-8, min: 0, description: 'added to the RMS' },
      weightDecay,
      { key: 'momentum', kind: 'number', default: 0, min: 0, description: 'momentum factor' },
      { key: 'centered', kind: 'boolean', default: false, description: 'normalise by the estimated variance' },
    ],
  },
};

/** The canonical name for "SGD", "Adam", "rmsprop", ... or undefined. */
export function findOptimizerName(name: string): OptimizerName | undefined {
  const lower = name.trim().toLowerCase();
  return (OPTIMIZER_NAMES as readonly string[]).includes(lower) ? (lower as OptimizerName) : undefined;
}

/** Builds an optimizer by name (case-insensitive); throws a message listing the valid names. */
export function createOptimizer<N extends OptimizerName>(
  name: N | string, params: Iterable<Parameter>, options: OptimizerOptionsByName[N] = {},
): Optimizer<unknown> {
  switch (findOptimizerName(name)) {
    case 'sgd': return new SGD(params, options as SgdOptions);
    case 'adam': return new Adam(params, options as AdamOptions);
    case 'rmsprop': return new RMSprop(params, options as RmspropOptions);
    default: throw new RangeError(`Unknown optimizer '${name}'. Valid names: ${OPTIMIZER_NAMES.join(', ')}`);
  }
}
