/**
 * How much memory a run would take, estimated before anything is allocated, so a config with a
 * million-wide layer or a long expression is refused with a number instead of crashing the worker.
 *
 * Every tensor is float64, and autograd keeps every intermediate tensor of a step (and then its
 * gradient) until the backward pass ends. So per layer element of a batch a step holds two arrays
 * (value and gradient) per operation: the matmul and the bias add, each operation of the activation
 * (an expression's operations count one by one), batch norm's, the residual add; plus two for the
 * per-layer trace. Parameters are held as values, gradients, the gradient's temporary, the copy for
 * update ratios, and the optimizer's buffers with as many temporaries during the update. Calibrated
 * against the peak resident memory of runs (examples, wide layers, long expressions, batch norm):
 * within a factor 2 of it (src/training/config/memory.test.ts).
 */
import type { OptimizerName } from '../../engine';

/** Workers and the extension host share a process budget; a training run gets at most this by default. */
export const MEMORY_LIMIT_BYTES = 1e9;
/** Test accuracy is measured this many samples at a time. */
export const EVAL_CHUNK = 1000;
const F64 = 8;
/** Operations of a linear layer (matmul, bias add) and of batch norm, per element. */
const LINEAR_OPS = 2;
const BATCH_NORM_OPS = 5;
/** Arrays per element kept for the per-layer trace (pre-activation and its gradient). */
const TRACE_COPIES = 2;
/** The engine's own working set while training (code, small objects), apart from tensors; and per layer. */
export const RUNTIME_BYTES = 3e6;
const RUNTIME_BYTES_PER_LAYER = 3e5;

export interface MemoryInput {
  readonly widths: readonly number[];
  readonly batchNorm: boolean;
  readonly residual?: boolean;
  /** Engine operations per application of the hidden activation (see activationOps). */
  readonly activationOps?: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerName;
  readonly optimizerOptions: Readonly<Record<string, unknown>>;
  /** Bytes of the data set as stored (bytes for images, doubles for points). */
  readonly dataBytes: number;
  readonly testSize: number;
}

export interface MemoryEstimate {
  readonly parameters: number;
  readonly parameterBytes: number;
  readonly activationBytes: number;
  readonly dataBytes: number;
  readonly totalBytes: number;
}

function optimizerBuffers(name: OptimizerName, options: Readonly<Record<string, unknown>>): number {
  const momentum = typeof options.momentum === 'number' && options.momentum > 0 ? 1 : 0;
  switch (name) {
    case 'sgd': return momentum;
    case 'adam': return options.amsgrad === true ? 3 : 2;
    case 'rmsprop': return 1 + momentum + (options.centered === true ? 1 : 0);
  }
}

/** A named activation: a few engine operations at most (gelu and mish are the longest). */
export const NAMED_ACTIVATION_OPS = 3;

export function estimateMemory(input: MemoryInput): MemoryEstimate {
  const { widths } = input;
  const activationOps = input.activationOps ?? NAMED_ACTIVATION_OPS;
  let parameters = 0;
  let hiddenUnits = 0;
  let allUnits = 0;
  for (let l = 1; l < widths.length; l++) {
    parameters += widths[l - 1] * widths[l] + widths[l];
    allUnits += widths[l];
    if (l < widths.length - 1) hiddenUnits += widths[l];
  }
  if (input.batchNorm) parameters += 2 * hiddenUnits;
  const buffers = optimizerBuffers(input.optimizer, input.optimizerOptions);
  const parameterBytes = parameters * F64 * (4 + 2 * buffers);
  const hiddenOps = activationOps + (input.batchNorm ? BATCH_NORM_OPS : 0) + (input.residual ? 1 : 0);
  const perSample = allUnits * (2 * LINEAR_OPS + TRACE_COPIES) + hiddenUnits * 2 * hiddenOps + widths[0];
  const evalRows = Math.min(input.testSize, EVAL_CHUNK);
  const widest = Math.max(...widths);
  const activationBytes = F64 * (input.batchSize * perSample + evalRows * widest * (2 + hiddenOps));
  const runtime = RUNTIME_BYTES + RUNTIME_BYTES_PER_LAYER * (widths.length - 1);
  const totalBytes = parameterBytes + activationBytes + input.dataBytes + runtime;
  return { parameters, parameterBytes, activationBytes, dataBytes: input.dataBytes, totalBytes };
}

/** "1.5 GB", "320 MB", "12 kB" (decimal units, rounded for a message). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toPrecision(2)} ${units[unit]}`;
}
