/**
 * A data set as the trainer sees it: a training and a test split of labelled samples with a fixed
 * number of features. Samples are read one at a time into a batch, so MNIST can stay as bytes
 * (70,000 images as float64 would take 440 MB).
 */

export interface Split {
  readonly size: number;
  /** Class of each sample, 0 .. classes-1. */
  readonly labels: Uint8Array;
  /** Writes sample `i`'s features into `out` from `offset`. */
  copyInputs(i: number, out: Float64Array, offset: number): void;
}

export interface Dataset {
  /** "mnist", "spiral", ... */
  readonly name: string;
  readonly features: number;
  readonly classes: number;
  readonly train: Split;
  readonly test: Split;
  /** For image data: side of the square image, to show misclassified samples. */
  readonly imageSide?: number;
  /** For image data: sample `i`'s raw bytes (0..255) of a split. */
  pixels?(split: 'train' | 'test', i: number): Uint8Array;
}

/** A split whose features are stored as doubles, row-major [size, features]. */
export function denseSplit(inputs: Float64Array, labels: Uint8Array, features: number): Split {
  if (inputs.length !== labels.length * features) throw new Error('dataset: inputs and labels disagree in length');
  return {
    size: labels.length,
    labels,
    copyInputs(i, out, offset) {
      out.set(inputs.subarray(i * features, (i + 1) * features), offset);
    },
  };
}

/** A split of byte images (0..255) scaled to [0, 1] when read, as torchvision's ToTensor does. */
export function byteImageSplit(pixels: Uint8Array, labels: Uint8Array, features: number): Split {
  if (pixels.length !== labels.length * features) throw new Error('dataset: pixels and labels disagree in length');
  return {
    size: labels.length,
    labels,
    copyInputs(i, out, offset) {
      const base = i * features;
      for (let j = 0; j < features; j++) out[offset + j] = pixels[base + j] / 255;
    },
  };
}

/**
 * Features of the samples `indices` of `split`, row-major [indices.length, features]: into `into` when given (it is
 * overwritten; the trainer passes an array of the engine's pool, which its kernels read in place), else a new array.
 */
export function gatherInputs(
  split: Split, features: number, indices: ArrayLike<number>, into?: Float64Array,
): Float64Array {
  const out = into ?? new Float64Array(indices.length * features);
  for (let r = 0; r < indices.length; r++) split.copyInputs(indices[r], out, r * features);
  return out;
}

export function gatherLabels(split: Split, indices: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(indices.length);
  for (let r = 0; r < indices.length; r++) out[r] = split.labels[indices[r]];
  return out;
}
