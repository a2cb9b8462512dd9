/**
 * The data and decision boundary of a 2-D classification run, as the training panel draws it: the
 * samples to scatter (subsampled to a bounded count), and the model's class probabilities over a
 * grid that covers them. The grid is evaluated in eval mode without autograd, in the training
 * worker, so the pages only paint it. Pure apart from reading the model.
 */
import { noGrad, Tensor, type MLP } from '../../engine';
import type { BoundaryGrid, ScatterData } from '../../protocol';
import type { Dataset, Split } from '../datasets';
import { toBase64 } from './base64';

/** Cells per side of the grid: 100 x 100 = 10,000 forward rows per frame. */
export const BOUNDARY_SIZE = 100;
/** Samples of each split the panel scatters at most (beyond that the dots only hide the boundary). */
export const SCATTER_LIMIT = 1500;

/** True for datasets whose samples are points in the plane. */
export function isPlanar(dataset: Dataset): boolean {
  return dataset.features === 2 && dataset.imageSide === undefined;
}

function points(split: Split, limit: number): { xy: number[]; labels: number[] } {
  const stride = Math.max(1, Math.ceil(split.size / limit));
  const xy: number[] = [], labels: number[] = [];
  const row = new Float64Array(2);
  for (let i = 0; i < split.size; i += stride) {
    split.copyInputs(i, row, 0);
    xy.push(row[0]!, row[1]!);
    labels.push(split.labels[i]!);
  }
  return { xy, labels };
}

export function scatterData(dataset: Dataset, limit = SCATTER_LIMIT): ScatterData {
  const train = points(dataset.train, limit), test = points(dataset.test, limit);
  return { classes: dataset.classes, train: train.xy, trainLabels: train.labels, test: test.xy, testLabels: test.labels };
}

/** The square around every sample, with a 10% margin: the grid's extent (square, so distances look right). */
export function boundaryExtent(data: ScatterData): { xMin: number; xMax: number; yMin: number; yMax: number } {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const xy of [data.train, data.test]) {
    for (let i = 0; i + 1 < xy.length; i += 2) {
      x0 = Math.min(x0, xy[i]!); x1 = Math.max(x1, xy[i]!);
      y0 = Math.min(y0, xy[i + 1]!); y1 = Math.max(y1, xy[i + 1]!);
    }
  }
  if (!Number.isFinite(x0 + x1 + y0 + y1)) return { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
  const half = Math.max(x1 - x0, y1 - y0, 1e-9) * 0.55;
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  return { xMin: cx - half, xMax: cx + half, yMin: cy - half, yMax: cy + half };
}

/** What the model's outputs mean: log-probabilities, probabilities, independent sigmoids, or logits. */
export type OutputKind = 'identity' | 'log_softmax' | 'softmax' | 'sigmoid';

/** Per row: the most probable class and its probability, from one row of outputs. */
function classOf(out: Float64Array, offset: number, classes: number, kind: OutputKind): [number, number] {
  let best = 0;
  for (let c = 1; c < classes; c++) if (out[offset + c]! > out[offset + best]!) best = c;
  if (classes === 1) return [0, 1];
  const top = out[offset + best]!;
  if (kind === 'log_softmax') return [best, Math.exp(top)];
  if (kind === 'softmax') return [best, top];
  // Logits, or sigmoids read as unnormalised scores: softmax over the row (shifted by the top value).
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += kind === 'sigmoid' ? out[offset + c]! : Math.exp(out[offset + c]! - top);
  return [best, kind === 'sigmoid' ? (sum > 0 ? top / sum : 1 / classes) : 1 / sum];
}

export function boundaryGrid(
  model: MLP,
  classes: number,
  kind: OutputKind,
  extent: { xMin: number; xMax: number; yMin: number; yMax: number },
  step: number,
  size = BOUNDARY_SIZE,
): BoundaryGrid {
  const { xMin, xMax, yMin, yMax } = extent;
  const inputs = new Float64Array(size * size * 2);
  for (let r = 0; r < size; r++) {
    const y = yMax - ((r + 0.5) / size) * (yMax - yMin);
    for (let c = 0; c < size; c++) {
      const i = (r * size + c) * 2;
      inputs[i] = xMin + ((c + 0.5) / size) * (xMax - xMin);
      inputs[i + 1] = y;
    }
  }
  const wasTraining = model.training;
  model.eval();
  let out: Float64Array;
  try {
    out = noGrad(() => model.forward(new Tensor(inputs, [size * size, 2])).data);
  } finally {
    model.train(wasTraining);
  }
  const predicted = new Uint8Array(size * size), confidence = new Uint8Array(size * size);
  const chance = 1 / Math.max(2, classes);
  for (let i = 0; i < size * size; i++) {
    const [best, p] = classOf(out, i * classes, classes, kind);
    predicted[i] = best;
    const sure = Number.isFinite(p) ? (p - chance) / (1 - chance) : 0;
    confidence[i] = Math.round(255 * Math.min(1, Math.max(0, sure)));
  }
  return { step, size, classes, xMin, xMax, yMin, yMax, predicted: toBase64(predicted), confidence: toBase64(confidence) };
}
