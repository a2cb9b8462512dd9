/**
 * The checks a JSON Schema cannot express: sizes that must agree with each other and with the data,
 * settings that only make sense together, expressions that must parse, and the memory a run would
 * need. Runs only on a value that passed the schema, so types can be trusted here.
 */
import type { Node } from 'jsonc-parser';
import { listMessage, msg, problem, type Message, type Problem } from './problems';
import { estimateMemory, formatBytes, MEMORY_LIMIT_BYTES, type MemoryEstimate } from './memory';
import { resolveWidths } from './normalize';
import { isObject, type Segment } from './schemaWalk';
import { keyAt, nodeAt, objectAnchor, spanOf, type Span } from './tree';
import { dataShape, type DataConfig } from './types';
import { activationOps, activationProblems } from './activationChecks';

type Obj = Record<string, unknown>;

export interface SemanticContext {
  readonly text: string;
  readonly tree: Node;
  readonly value: Obj;
  readonly data: DataConfig;
  /** The most memory a run may take (the gradientLab.training.memoryLimitMB setting, the CLI's --memory-limit). */
  readonly memoryLimitBytes?: number;
}

/** Where to point: the value at `segments`, else its key, else the nearest object that exists. */
export function spanAt(tree: Node, segments: readonly Segment[], prefer: 'value' | 'key' = 'value'): Span {
  const key = keyAt(tree, segments);
  const value = nodeAt(tree, segments);
  if (prefer === 'key' && key) return spanOf(key);
  if (value) return spanOf(value);
  if (key) return spanOf(key);
  for (let n = segments.length - 1; n >= 0; n--) if (nodeAt(tree, segments.slice(0, n))) return objectAnchor(tree, segments.slice(0, n));
  return { start: 0, end: 1 };
}

export function semanticProblems(ctx: SemanticContext): Problem[] {
  const out: Problem[] = [];
  const report = (segments: Segment[], code: Problem['code'], message: Message, severity: 'error' | 'warning' = 'error', prefer: 'value' | 'key' = 'value') => {
    const span = spanAt(ctx.tree, segments, prefer);
    out.push(problem(span.start, span.end, code, message, { severity }));
  };
  const model = ctx.value.model as Obj;
  checkDataSizes(ctx, report);
  const widths = checkModelShape(ctx, model, report);
  out.push(...activationProblems(ctx, model.activation));
  checkInit(model.init, report);
  checkOptimizer(ctx.value.optimizer as Obj, report);
  if ('epochs' in ctx.value && 'steps' in ctx.value) {
    report(['steps'], 'conflict', msg('give either "epochs" or "steps", not both'), 'error', 'key');
  }
  const batch = (ctx.value.batch_size as number | undefined) ?? 64;
  if (batch > ctx.data.train) {
    report(['batch_size'], 'no-effect', msg('batch_size {0} is larger than the {1} training samples: every step uses the whole training set', batch, ctx.data.train), 'warning');
  }
  checkBatchNorm(ctx, model, batch, report);
  if (model.head === 'sigmoid' && (ctx.value.loss ?? 'cross_entropy') === 'cross_entropy') {
    report(['model', 'head'], 'conflict', msg('cross_entropy needs "linear" or "softmax" outputs; a sigmoid head goes with "loss": "mse"'));
  }
  if (widths) {
    checkResidual(model, widths, report);
    checkMemory(ctx, widths, batch, report);
  }
  return out.sort((a, b) => a.start - b.start);
}

type Report = (segments: Segment[], code: Problem['code'], message: Message, severity?: 'error' | 'warning', prefer?: 'value' | 'key') => void;

function checkDataSizes(ctx: SemanticContext, report: Report): void {
  const d = ctx.data;
  if (d.kind === 'mnist' && d.train + d.test > 10000) {
    report(['data', 'test' in (ctx.value.data as Obj) ? 'test' : 'train'], 'schema',
      msg('train + test must be at most 10000, the digits shipped with the extension (got {0} + {1}); for more, use "dataset": "mnist-full" (60,000 + 10,000 digits)', d.train, d.test));
  }
}

function checkModelShape(ctx: SemanticContext, model: Obj, report: Report): number[] | undefined {
  const hasLayers = 'layers' in model;
  const hasDepth = 'depth' in model;
  const hasWidth = 'width' in model;
  if (hasLayers && (hasDepth || hasWidth)) {
    report(['model', hasDepth ? 'depth' : 'width'], 'conflict', msg('give either "layers" or "depth" and "width", not both'), 'error', 'key');
    return undefined;
  }
  if (!hasLayers && hasDepth !== hasWidth) {
    report(['model', hasDepth ? 'depth' : 'width'], 'conflict', msg('"{0}" needs "{1}" too (depth hidden layers of the same width)', hasDepth ? 'depth' : 'width', hasDepth ? 'width' : 'depth'), 'error', 'key');
    return undefined;
  }
  if (!hasLayers && !hasDepth) {
    report(['model'], 'schema', msg('model needs "layers" (every width, e.g. [784, 10]) or "depth" and "width"'), 'error', 'key');
    return undefined;
  }
  const widths = resolveWidths(model, ctx.data) as number[];
  const { features, classes } = dataShape(ctx.data);
  if (hasLayers) {
    const last = widths.length - 1;
    const name = ctx.data.kind;
    if (widths[0] !== features) {
      report(['model', 'layers', 0], 'layer-size', msg('the first width must be {0}, the number of input features of {1} (got {2})', features, name, widths[0]));
    }
    if (widths[last] !== classes) {
      report(['model', 'layers', last], 'layer-size', msg('the last width must be {0}, the number of classes of {1} (got {2})', classes, name, widths[last]));
    }
  }
  return widths;
}

function checkResidual(model: Obj, widths: readonly number[], report: Report): void {
  if (model.residual !== true) return;
  // As the engine's MLP: hidden layer k adds its input h_{k-1} when the widths agree (k >= 1).
  const usable = widths.slice(1, -1).some((w, k) => w === widths[k]);
  if (!usable) {
    report(['model', 'residual'], 'no-effect', msg('residual connections need a hidden layer whose input and output widths are equal; this model has none, so nothing is added'), 'warning');
  }
}

function checkBatchNorm(ctx: SemanticContext, model: Obj, batch: number, report: Report): void {
  if (model.batch_norm !== true) return;
  if (batch < 2 || ctx.data.train < 2) {
    report([batch < 2 ? 'batch_size' : 'data'], 'conflict', msg('batch norm needs batches of at least 2 samples (a batch variance of one sample is undefined)'), 'error', batch < 2 ? 'value' : 'key');
  }
}

const INIT_PARAMS: Readonly<Record<string, readonly string[]>> = {
  normal: ['std'],
  uniform: ['low', 'high'],
  kaiming_uniform: ['mode', 'nonlinearity'],
  kaiming_normal: ['mode', 'nonlinearity'],
};

function checkInit(init: unknown, report: Report): void {
  if (!isObject(init)) return;
  const name = String(init.name);
  const allowed = INIT_PARAMS[name] ?? [];
  for (const key of Object.keys(init)) {
    if (key === 'name' || allowed.includes(key)) continue;
    const owners = Object.entries(INIT_PARAMS).filter(([, keys]) => keys.includes(key)).map(([n]) => n);
    const text = allowed.length
      ? msg('"{0}" applies to {1}, not to {2} (which takes {3})', key, listMessage(owners), name, allowed.join(', '))
      : msg('"{0}" applies to {1}, not to {2} (which takes no parameters)', key, listMessage(owners), name);
    report(['model', 'init', key], 'conflict', text, 'error', 'key');
  }
  if (typeof init.low === 'number' && typeof init.high === 'number' && !(init.low < init.high)) {
    report(['model', 'init', 'high'], 'conflict', msg('"high" must be greater than "low" (got low {0}, high {1})', init.low, init.high));
  }
}

function checkOptimizer(opt: Obj, report: Report): void {
  if (opt.name === 'sgd' && opt.nesterov === true) {
    const momentum = (opt.momentum as number | undefined) ?? 0;
    const dampening = (opt.dampening as number | undefined) ?? 0;
    if (!(momentum > 0) || dampening !== 0) {
      report(['optimizer', 'nesterov'], 'conflict', msg('Nesterov momentum needs momentum > 0 and dampening 0 (got momentum {0}, dampening {1})', momentum, dampening));
    }
  }
}

function dataBytes(data: DataConfig): number {
  switch (data.kind) {
    case 'mnist': return 2 * 10000 * 785; // the packed file, decompressed, plus the two splits
    case 'mnist-idx':
    case 'mnist-full': return 2 * (data.train + data.test) * 785;
    default: return (data.train + data.test) * (2 * 8 + 1);
  }
}

/** The memory estimate of a config value that passed the schema, with its widths resolved. */
export function configMemoryEstimate(value: Obj, data: DataConfig, widths: readonly number[]): MemoryEstimate {
  const model = value.model as Obj;
  const opt = value.optimizer as Obj;
  const batchSize = (value.batch_size as number | undefined) ?? 64;
  return estimateMemory({
    widths, batchNorm: model.batch_norm === true, residual: model.residual === true, activationOps: activationOps(model.activation), batchSize,
    optimizer: opt.name as 'sgd', optimizerOptions: opt, dataBytes: dataBytes(data), testSize: data.test,
  });
}

function checkMemory(ctx: SemanticContext, widths: readonly number[], batchSize: number, report: Report): void {
  const model = ctx.value.model as Obj;
  const estimate = configMemoryEstimate(ctx.value, ctx.data, widths);
  const limit = ctx.memoryLimitBytes ?? MEMORY_LIMIT_BYTES;
  if (estimate.totalBytes <= limit) return;
  const parts = msg('parameters {0} for {1} weights with gradients and optimizer state; activations {2} for batches of {3}; data {4}',
    formatBytes(estimate.parameterBytes), estimate.parameters.toLocaleString('en-US'), formatBytes(estimate.activationBytes), batchSize,
    formatBytes(estimate.dataBytes));
  // Point at what dominates: the widest layer, the batch size or the data size.
  let where: Segment[];
  if (estimate.dataBytes >= estimate.parameterBytes && estimate.dataBytes >= estimate.activationBytes) where = ['data', 'train'];
  else if (estimate.activationBytes > estimate.parameterBytes && 'batch_size' in ctx.value) where = ['batch_size'];
  else if (Array.isArray(model.layers)) where = ['model', 'layers', widths.indexOf(Math.max(...widths))];
  else where = ['model', 'width'];
  report(where, 'memory', msg('this run would need about {0} of memory ({1}), more than the {2} a training run may use: use fewer or narrower layers or a smaller batch',
    formatBytes(estimate.totalBytes), parts, formatBytes(limit)));
}
