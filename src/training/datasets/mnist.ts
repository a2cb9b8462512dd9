/**
 * MNIST from bytes: the 10,000 digits packed by scripts/pack-mnist.mjs, or the standard IDX files
 * of the full set. Decompression happens outside (node:zlib in the worker and the CLI); this code
 * only reads bytes and checks them, with messages that say which file is wrong and how.
 */
import { Rng } from '../../engine';
import { byteImageSplit, type Dataset } from './types';

export const MNIST_SIDE = 28;
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
/** The packed file's name under the extension's media/data folder. */
export const PACKED_MNIST_FILE = 'mnist-10k.bin.gz';
/** Label of the fixed permutation that splits the 10,000 packed digits (the same for every seed). */
const SPLIT_LABEL = 'gradlab/mnist-10k-split';

export interface ImageSet {
  readonly count: number;
  /** count * 784 bytes, row-major. */
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

/** Reads "GLMN" u32 count u32 rows u32 cols, pixels, labels (see scripts/pack-mnist.mjs). */
export function decodePackedMnist(bytes: Uint8Array): ImageSet {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 4));
  if (bytes.length < 16 || magic !== 'GLMN') throw new Error('packed MNIST: not a Gradient Lab digits file (bad header); rebuild with `npm run build`');
  const count = view.getUint32(4, true);
  const rows = view.getUint32(8, true);
  const cols = view.getUint32(12, true);
  if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) throw new Error(`packed MNIST: images are ${rows}x${cols}, expected 28x28`);
  const expected = 16 + count * (MNIST_PIXELS + 1);
  if (bytes.length !== expected) throw new Error(`packed MNIST: ${bytes.length} bytes, expected ${expected} for ${count} digits (truncated file?)`);
  const pixels = bytes.subarray(16, 16 + count * MNIST_PIXELS);
  const labels = bytes.subarray(16 + count * MNIST_PIXELS);
  checkLabels(labels, 'packed MNIST');
  return { count, pixels, labels };
}

/**
 * One IDX file (http://yann.lecun.com/exdb/mnist/): big-endian magic 0x0803 (images, 3 dims) or
 * 0x0801 (labels, 1 dim), then the dimensions, then unsigned bytes. Returns the first `limit` items.
 */
export function decodeIdx(bytes: Uint8Array, kind: 'images' | 'labels', fileName: string, limit: number): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = kind === 'images' ? 3 : 1;
  const header = 4 + 4 * dims;
  if (bytes.length < header) throw new Error(`${fileName}: too short for an IDX file (${bytes.length} bytes)`);
  const magic = view.getUint32(0, false);
  const expectedMagic = kind === 'images' ? 0x803 : 0x801;
  if (magic !== expectedMagic) {
    // Says what the file is not, never what its bytes are: a wrong path must not print another file's contents.
    throw new Error(`${fileName}: not an IDX ${kind} file (it does not start with the IDX ${kind} marker); is it still gzipped or the wrong file?`);
  }
  const count = view.getUint32(4, false);
  let itemSize = 1;
  if (kind === 'images') {
    const rows = view.getUint32(8, false);
    const cols = view.getUint32(12, false);
    if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) throw new Error(`${fileName}: images are ${rows}x${cols}, expected 28x28`);
    itemSize = MNIST_PIXELS;
  }
  if (limit > count) throw new Error(`${fileName}: holds ${count} ${kind}, the config asks for ${limit}`);
  // The reader may hand over only the items the config uses (the file's own size is checked where it is read).
  if (bytes.length < header + limit * itemSize) throw new Error(`${fileName}: says ${count} ${kind} but holds only ${Math.floor((bytes.length - header) / itemSize)} (truncated?)`);
  const out = bytes.subarray(header, header + limit * itemSize);
  if (kind === 'labels') checkLabels(out, fileName);
  return out;
}

function checkLabels(labels: Uint8Array, what: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > 9) throw new Error(`${what}: label ${labels[i]} at index ${i} is not a digit 0-9`);
  }
}

function mnistDataset(name: string, train: ImageSet, test: ImageSet): Dataset {
  return {
    name,
    features: MNIST_PIXELS,
    classes: 10,
    imageSide: MNIST_SIDE,
    train: byteImageSplit(train.pixels, train.labels, MNIST_PIXELS),
    test: byteImageSplit(test.pixels, test.labels, MNIST_PIXELS),
    pixels: (split, i) => (split === 'train' ? train : test).pixels.subarray(i * MNIST_PIXELS, (i + 1) * MNIST_PIXELS),
  };
}

function subset(set: ImageSet, indices: readonly number[]): ImageSet {
  const pixels = new Uint8Array(indices.length * MNIST_PIXELS);
  const labels = new Uint8Array(indices.length);
  indices.forEach((src, dst) => {
    pixels.set(set.pixels.subarray(src * MNIST_PIXELS, (src + 1) * MNIST_PIXELS), dst * MNIST_PIXELS);
    labels[dst] = set.labels[src];
  });
  return { count: indices.length, pixels, labels };
}

/**
 * The packed digits split into `train` and `test` disjoint subsets by one fixed permutation, so the
 * test set does not change with the seed and runs with different seeds compare fairly.
 */
export function packedMnistDataset(all: ImageSet, train: number, test: number): Dataset {
  if (train + test > all.count) throw new Error(`mnist: train + test = ${train + test}, but only ${all.count} digits are shipped`);
  const order = new Rng(SPLIT_LABEL).permutation(all.count);
  return mnistDataset('mnist', subset(all, order.slice(0, train)), subset(all, order.slice(all.count - test)));
}

export interface IdxFiles {
  readonly trainImages: Uint8Array;
  readonly trainLabels: Uint8Array;
  readonly testImages: Uint8Array;
  readonly testLabels: Uint8Array;
}

/** The standard file names (a `.gz` suffix is also accepted by the loaders). */
export const IDX_FILE_NAMES: Readonly<Record<keyof IdxFiles, string>> = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
};

/** The first `train` training and first `test` test images of the full MNIST. */
export function idxMnistDataset(files: IdxFiles, train: number, test: number, name = 'mnist-idx'): Dataset {
  const set = (images: Uint8Array, labels: Uint8Array, which: 'train' | 'test', n: number): ImageSet => ({
    count: n,
    pixels: decodeIdx(images, 'images', IDX_FILE_NAMES[which === 'train' ? 'trainImages' : 'testImages'], n),
    labels: decodeIdx(labels, 'labels', IDX_FILE_NAMES[which === 'train' ? 'trainLabels' : 'testLabels'], n),
  });
  return mnistDataset(name, set(files.trainImages, files.trainLabels, 'train', train), set(files.testImages, files.testLabels, 'test', test));
}
