/**
 * Accuracy on a whole split, in chunks and without autograd, in eval mode (batch norm uses its
 * running statistics, as model.eval() does in PyTorch). For image data it also builds what the
 * training panel shows: the confusion matrix and a few misclassified digits.
 */
import { noGrad, Tensor, type MLP } from '../../engine';
import type { ClassificationReport } from '../../protocol';
import { EVAL_CHUNK } from '../config/memory';
import { gatherInputs, type Dataset, type Split } from '../datasets';
import { toBase64 } from './base64';

/** How many misclassified samples a report carries. */
export const MISCLASSIFIED_SHOWN = 36;

/** Index of the largest of `classes` values from `offset` (the first on ties, as torch.argmax). */
export function argmaxRow(values: Float64Array, offset: number, classes: number): number {
  let best = 0;
  for (let c = 1; c < classes; c++) if (values[offset + c] > values[offset + best]) best = c;
  return best;
}

/** Fraction of rows of `outputs` [n, classes] whose argmax equals the label. */
export function accuracyOf(outputs: Float64Array, labels: ArrayLike<number>, classes: number): number {
  const n = labels.length;
  let correct = 0;
  for (let r = 0; r < n; r++) if (argmaxRow(outputs, r * classes, classes) === labels[r]) correct++;
  return n === 0 ? 0 : correct / n;
}

/** The model's predicted class for every sample of a split. */
export function predict(model: MLP, split: Split, features: number, classes: number): Uint8Array {
  const predictions = new Uint8Array(split.size);
  const wasTraining = model.training;
  model.eval();
  try {
    noGrad(() => {
      for (let start = 0; start < split.size; start += EVAL_CHUNK) {
        const rows = Math.min(EVAL_CHUNK, split.size - start);
        const indices = Array.from({ length: rows }, (_, i) => start + i);
        const out = model.forward(new Tensor(gatherInputs(split, features, indices), [rows, features])).data;
        for (let r = 0; r < rows; r++) predictions[start + r] = argmaxRow(out, r * classes, classes);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return predictions;
}

export function accuracy(predictions: Uint8Array, labels: Uint8Array): number {
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return labels.length === 0 ? 0 : correct / labels.length;
}

export function classificationReport(dataset: Dataset, predictions: Uint8Array): ClassificationReport {
  const classes = dataset.classes;
  const confusion = new Array<number>(classes * classes).fill(0);
  const misclassified: { pixels: string; label: number; predicted: number }[] = [];
  const labels = dataset.test.labels;
  for (let i = 0; i < labels.length; i++) {
    confusion[labels[i] * classes + predictions[i]]++;
    if (labels[i] !== predictions[i] && misclassified.length < MISCLASSIFIED_SHOWN && dataset.pixels) {
      misclassified.push({ pixels: toBase64(dataset.pixels('test', i)), label: labels[i], predicted: predictions[i] });
    }
  }
  return { classes, confusion, misclassified };
}
