/**
 * How much memory a run would take, estimated before anything is allocated, so a config with a
 * million-wide layer is refused with a number instead of crashing the worker.
 *
 * Every tensor is float64. Parameters count once for the values, once for the gradients, once for
 * the copy taken to measure update ratios, plus the optimizer's buffers. Activations count the
 * pre-activation, the activation and their gradients for every layer of a batch (batch norm
 * adds its normalised input and statistics), and the test set is evaluated in chunks.
 */
import type { OptimizerName } from '../../engine';

/** Workers and the extension host share a process budget; a training run gets at most this. */
export const MEMORY_LIMIT_BYTES = 1e9;
/** Test accuracy is measured this many samples at a time. */
export const EVAL_CHUNK = 1000;
const F64 = 8;
/** Float64 arrays kept per layer element during a training step (see the header). */
const ACTIVATION_COPIES = 6;
const BATCH_NORM_COPIES = 4;

export interface MemoryInput {
  readonly widths: readonly number[];
  readonly batchNorm: boolean;
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

export function estimateMemory(input: MemoryInput): MemoryEstimate {
  const { widths } = input;
  let parameters = 0;
  let hiddenUnits = 0;
  let allUnits = 0;
  for (let l = 1; l < widths.length; l++) {
    parameters += widths[l - 1] * widths[l] + widths[l];
    allUnits += widths[l];
    if (l < widths.length - 1) hiddenUnits += widths[l];
  }
  if (input.batchNorm) parameters += 2 * hiddenUnits;
  const parameterBytes = parameters * F64 * (3 + optimizerBuffers(input.optimizer, input.optimizerOptions));
  const perSample = allUnits * ACTIVATION_COPIES + (input.batchNorm ? hiddenUnits * BATCH_NORM_COPIES : 0) + widths[0];
  const evalRows = Math.min(input.testSize, EVAL_CHUNK);
  const widest = Math.max(...widths);
  const activationBytes = F64 * (input.batchSize * perSample + evalRows * widest * 2);
  const totalBytes = parameterBytes + activationBytes + input.dataBytes;
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
