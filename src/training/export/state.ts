/**
 * The state file `gradlab export-pytorch --with-weights` writes beside the script: our initial
 * weights, the exact training and test data, and the sample order of every epoch, so the PyTorch
 * run starts from exactly our state. Little-endian, self-describing:
 *
 *   "GLST"  u32 header bytes  header (ASCII JSON)  zero padding to a multiple of 8  tensors
 *
 * header = { version, data_offset, tensors: [{ name, dtype: "f64" | "i32" | "u8", shape, offset }],
 *            x_scale } where offsets are from data_offset; image inputs are stored as bytes and
 * divided by x_scale (255) when read, exactly as the trainer reads them.
 */
import { dataShape, type TrainingConfig } from '../config/types';
import { gatherInputs, type Dataset, type Split } from '../datasets';
import type { InitialParameters } from '../trainer/model';
import { batchesPerEpoch, epochOrder, plannedSteps } from '../trainer/schedule';

export const STATE_MAGIC = 'GLST';
export const STATE_VERSION = 1;

export type DType = 'f64' | 'i32' | 'u8';

export interface StateTensor {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: Float64Array | Int32Array | Uint8Array;
}

export interface StateHeader {
  readonly version: number;
  readonly data_offset: number;
  readonly x_scale: number;
  readonly tensors: ReadonlyArray<{ name: string; dtype: DType; shape: number[]; offset: number }>;
}

const ITEM_SIZE: Readonly<Record<DType, number>> = { f64: 8, i32: 4, u8: 1 };

function allInputs(split: Split, features: number): Float64Array {
  return gatherInputs(split, features, Array.from({ length: split.size }, (_, i) => i));
}

function split(dataset: Dataset, which: 'train' | 'test'): StateTensor[] {
  const s = dataset[which];
  const x: StateTensor = dataset.pixels
    ? { name: `${which}.x`, dtype: 'u8', shape: [s.size, dataset.features], data: concatPixels(dataset, which, s.size) }
    : { name: `${which}.x`, dtype: 'f64', shape: [s.size, dataset.features], data: allInputs(s, dataset.features) };
  return [x, { name: `${which}.y`, dtype: 'u8', shape: [s.size], data: s.labels }];
}

function concatPixels(dataset: Dataset, which: 'train' | 'test', size: number): Uint8Array {
  const out = new Uint8Array(size * dataset.features);
  for (let i = 0; i < size; i++) out.set(dataset.pixels!(which, i), i * dataset.features);
  return out;
}

/** Every tensor the exported script needs to reproduce our run from its first step. */
export function stateTensors(config: TrainingConfig, dataset: Dataset, initial: InitialParameters, maxSteps?: number): StateTensor[] {
  const tensors: StateTensor[] = [];
  const widths = config.model.widths;
  initial.weights.forEach((w, k) => tensors.push({ name: `layers.${k}.weight`, dtype: 'f64', shape: [widths[k + 1], widths[k]], data: Float64Array.from(w) }));
  initial.biases.forEach((b, k) => tensors.push({ name: `layers.${k}.bias`, dtype: 'f64', shape: [widths[k + 1]], data: Float64Array.from(b) }));
  tensors.push(...split(dataset, 'train'), ...split(dataset, 'test'));
  const steps = Math.min(plannedSteps(config), maxSteps ?? Infinity);
  const epochs = Math.ceil(steps / batchesPerEpoch(dataset.train.size, config.batchSize, config.model.batchNorm));
  const n = dataset.train.size;
  const order = new Int32Array(epochs * n);
  for (let e = 0; e < epochs; e++) order.set(epochOrder(config, n, e), e * n);
  tensors.push({ name: 'order', dtype: 'i32', shape: [epochs, n], data: order });
  return tensors;
}

export function encodeState(tensors: readonly StateTensor[], xScale: number): Uint8Array {
  let offset = 0;
  const entries = tensors.map((t) => {
    const entry = { name: t.name, dtype: t.dtype, shape: [...t.shape], offset };
    offset += align8(t.data.length * ITEM_SIZE[t.dtype]);
    return entry;
  });
  // The header holds its own data_offset; iterate once in case the digits change its length.
  let header: StateHeader = { version: STATE_VERSION, data_offset: 0, x_scale: xScale, tensors: entries };
  let headerBytes = asciiBytes(JSON.stringify(header));
  for (let i = 0; i < 3; i++) {
    header = { ...header, data_offset: align8(8 + headerBytes.length) };
    headerBytes = asciiBytes(JSON.stringify(header));
  }
  const out = new Uint8Array(header.data_offset + offset);
  const view = new DataView(out.buffer);
  out.set([...STATE_MAGIC].map((c) => c.charCodeAt(0)), 0);
  view.setUint32(4, headerBytes.length, true);
  out.set(headerBytes, 8);
  tensors.forEach((t, i) => {
    const base = header.data_offset + entries[i].offset;
    for (let j = 0; j < t.data.length; j++) {
      if (t.dtype === 'f64') view.setFloat64(base + 8 * j, t.data[j], true);
      else if (t.dtype === 'i32') view.setInt32(base + 4 * j, t.data[j], true);
      else out[base + j] = t.data[j];
    }
  });
  return out;
}

export function decodeState(bytes: Uint8Array): { header: StateHeader; tensors: Map<string, StateTensor> } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== STATE_MAGIC) throw new Error('not a Gradient Lab state file');
  const length = view.getUint32(4, true);
  const header = JSON.parse(String.fromCharCode(...bytes.subarray(8, 8 + length))) as StateHeader;
  if (header.version !== STATE_VERSION) throw new Error(`state file version ${header.version}, expected ${STATE_VERSION}`);
  const tensors = new Map<string, StateTensor>();
  for (const e of header.tensors) {
    const count = e.shape.reduce((a, b) => a * b, 1);
    const base = header.data_offset + e.offset;
    const data = e.dtype === 'f64' ? new Float64Array(count) : e.dtype === 'i32' ? new Int32Array(count) : new Uint8Array(count);
    for (let j = 0; j < count; j++) {
      data[j] = e.dtype === 'f64' ? view.getFloat64(base + 8 * j, true) : e.dtype === 'i32' ? view.getInt32(base + 4 * j, true) : bytes[base + j];
    }
    tensors.set(e.name, { name: e.name, dtype: e.dtype, shape: e.shape, data });
  }
  return { header, tensors };
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** The header is ASCII by construction (tensor names, numbers); say so loudly if that ever changes. */
function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) throw new Error('state header must be ASCII');
    out[i] = c;
  }
  return out;
}

/** The most a state file may take: beyond this, export fewer steps (the sample orders grow with them). */
export const MAX_STATE_BYTES = 100e6;

export interface StateSize {
  readonly weightBytes: number;
  readonly dataBytes: number;
  readonly orderBytes: number;
  readonly epochs: number;
  readonly totalBytes: number;
}

/** The size of the state file stateTensors + encodeState would write, from the config alone (nothing built). */
export function estimateStateBytes(config: TrainingConfig, maxSteps?: number): StateSize {
  const widths = config.model.widths;
  let parameters = 0;
  for (let k = 1; k < widths.length; k++) parameters += widths[k - 1] * widths[k] + widths[k];
  const { features } = dataShape(config.data);
  const pixels = config.data.kind === 'mnist' || config.data.kind === 'mnist-idx';
  const samples = config.data.train + config.data.test;
  const steps = Math.min(plannedSteps(config), maxSteps ?? Infinity);
  const epochs = Math.ceil(steps / batchesPerEpoch(config.data.train, config.batchSize, config.model.batchNorm));
  const weightBytes = 8 * parameters;
  const dataBytes = samples * (features * (pixels ? 1 : 8) + 1);
  const orderBytes = 4 * epochs * config.data.train;
  return { weightBytes, dataBytes, orderBytes, epochs, totalBytes: weightBytes + dataBytes + orderBytes };
}
