/**
 * From a config value that passed the schema to the typed TrainingConfig, with every default
 * filled in. The defaults are read from the schema itself, so the file VS Code shows in hover docs
 * and the values the trainer uses cannot disagree.
 */
import type { InitializerName, NormType, OptimizerName } from '../../engine';
import { SCHEMA } from './schemaErrors';
import { deref, isObject, locate, type Segment } from './schemaWalk';
import {
  dataShape, type ActivationConfig, type ClipConfig, type DataConfig, type InitConfig, type LossName,
  type ModelConfig, type OptimizerConfig, type SyntheticName, type TrainingConfig,
} from './types';

type Obj = Record<string, unknown>;

/** The schema's default for the value at `segments` (given the rest of the config for oneOf choices). */
export function schemaDefault(root: unknown, segments: readonly Segment[]): unknown {
  const at = locate(SCHEMA, { node: SCHEMA, pointer: '' }, root, segments);
  return at ? deref(SCHEMA, at).node.default : undefined;
}

function pick<T>(root: unknown, segments: readonly Segment[], value: unknown): T {
  return (value === undefined ? schemaDefault(root, segments) : value) as T;
}

function obj(value: unknown): Obj {
  return isObject(value) ? value : {};
}

function normalizeData(root: unknown, raw: Obj): DataConfig {
  const get = <T>(key: string): T => pick<T>(root, ['data', key], raw[key]);
  const kind = raw.dataset as DataConfig['kind'];
  if (kind === 'mnist' || kind === 'mnist-full') return { kind, train: get('train'), test: get('test') };
  if (kind === 'mnist-idx') {
    return { kind, train: get('train'), test: get('test'), ...(typeof raw.folder === 'string' ? { folder: raw.folder } : {}) };
  }
  const binary = kind === 'moons' || kind === 'circles' || kind === 'xor';
  return {
    kind: kind as SyntheticName,
    train: get('train'),
    test: get('test'),
    noise: get('noise'),
    classes: binary ? 2 : get<number | undefined>('classes') ?? 3,
    factor: get<number | undefined>('factor') ?? 0.5,
  };
}

/** Every width from the input to the output: explicit `layers`, or `depth` hidden layers of `width`. */
export function resolveWidths(model: Obj, data: DataConfig): number[] | undefined {
  if (Array.isArray(model.layers)) return model.layers as number[];
  if (typeof model.depth !== 'number' || typeof model.width !== 'number') return undefined;
  const { features, classes } = dataShape(data);
  return [features, ...Array.from({ length: model.depth }, () => model.width as number), classes];
}

function normalizeActivation(raw: unknown): ActivationConfig {
  if (typeof raw === 'string') return { kind: 'named', name: raw, params: {} };
  const a = obj(raw);
  if (typeof a.expression === 'string') {
    return { kind: 'expression', expression: a.expression, ...(typeof a.name === 'string' ? { label: a.name } : {}) };
  }
  const params: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(a)) if (k !== 'name' && (typeof v === 'number' || typeof v === 'string')) params[k] = v;
  return { kind: 'named', name: String(a.name), params };
}

function normalizeInit(raw: unknown): InitConfig {
  if (typeof raw === 'string') return { name: raw as InitializerName };
  const { name, ...rest } = obj(raw);
  return { name: name as InitializerName, ...(rest as Omit<InitConfig, 'name'>) };
}

function normalizeModel(root: unknown, raw: Obj, data: DataConfig): ModelConfig {
  const get = <T>(key: string): T => pick<T>(root, ['model', key], raw[key]);
  const widths = resolveWidths(raw, data);
  if (!widths) throw new Error('model: give layers, or depth and width');
  return {
    widths,
    activation: normalizeActivation(get('activation')),
    init: normalizeInit(get('init')),
    gain: get('gain'),
    biasInit: get('bias_init'),
    batchNorm: get('batch_norm'),
    residual: get('residual'),
    head: get('head'),
  };
}

/** snake_case keys of the file -> camelCase options of src/engine/optim. */
const OPTIMIZER_KEYS: Readonly<Record<string, string>> = { weight_decay: 'weightDecay' };

function normalizeOptimizer(raw: Obj): OptimizerConfig {
  const options: Record<string, number | boolean | readonly [number, number]> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'name' || k === 'lr') continue;
    options[OPTIMIZER_KEYS[k] ?? k] = v as number | boolean | readonly [number, number];
  }
  return { name: raw.name as OptimizerName, lr: raw.lr as number, options };
}

function normalizeClip(raw: unknown): ClipConfig {
  const c = obj(raw);
  if (c.mode === 'value') return { mode: 'value', value: c.value as number };
  if (c.mode === 'norm') return { mode: 'norm', maxNorm: c.max_norm as number, normType: (c.norm_type ?? 2) as NormType };
  return { mode: 'none' };
}

/** The data part alone: the semantic checks need it before the whole config can be built. */
export function normalizeDataConfig(value: unknown): DataConfig {
  const root = obj(value);
  return normalizeData(root, obj(root.data));
}

export function normalizeConfig(value: unknown): TrainingConfig {
  const root = obj(value);
  const get = <T>(key: string): T => pick<T>(root, [key], root[key]);
  const data = normalizeData(root, obj(root.data));
  const record = obj(root.record);
  return {
    ...(typeof root.name === 'string' ? { name: root.name } : {}),
    seed: get('seed'),
    data,
    model: normalizeModel(root, obj(root.model), data),
    loss: get<LossName>('loss'),
    optimizer: normalizeOptimizer(obj(root.optimizer)),
    clip: normalizeClip(root.clip),
    batchSize: get('batch_size'),
    shuffle: get('shuffle'),
    schedule: typeof root.steps === 'number' ? { steps: root.steps } : { epochs: typeof root.epochs === 'number' ? root.epochs : 1 },
    record: {
      every: pick(root, ['record', 'every'], record.every),
      testEvery: pick(root, ['record', 'test_every'], record.test_every),
    },
  };
}
