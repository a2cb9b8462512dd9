import { strict as assert } from 'node:assert';
import { checkConfig } from '../config';
import { buildDataset } from '../datasets';
import { boundaryExtent, boundaryGrid, isPlanar, scatterData } from './boundary';
import { predict } from './evaluate';
import { engineHead } from './model';
import { Trainer } from './trainer';

const fromBase64 = (s: string) => Uint8Array.from(Buffer.from(s, 'base64'));

function trained(dataset: string, classes = 2) {
  const config = checkConfig(JSON.stringify({
    seed: 1,
    data: { dataset, train: 300, test: 100, ...(dataset === 'spiral' ? { classes } : {}) },
    model: { layers: [2, 16, classes], activation: 'tanh' },
    optimizer: { name: 'adam', lr: 0.03 },
    batch_size: 30,
    epochs: 15,
  })).config!;
  const data = buildDataset(config.data, config.seed, {});
  const trainer = new Trainer(config, data);
  while (!trainer.done) trainer.step();
  return { config, data, trainer };
}

describe('decision boundary', () => {
  for (const [name, classes] of [['circles', 2], ['spiral', 3]] as const) {
    it(`${name}: each test point's grid cell predicts what the model predicts at that point`, () => {
      const { config, data, trainer } = trained(name, classes);
      assert.ok(isPlanar(data));
      const scatter = scatterData(data);
      const extent = boundaryExtent(scatter);
      const grid = boundaryGrid(trainer.model, data.classes, engineHead(config), extent, trainer.steps, 100);
      const predicted = fromBase64(grid.predicted), confidence = fromBase64(grid.confidence);
      assert.equal(predicted.length, 100 * 100);
      assert.ok(predicted.every((c) => c < classes));
      assert.ok(confidence.some((c) => c > 100), 'somewhere the model is fairly sure');
      assert.ok(new Set(predicted).size >= 2, 'more than one class on the plane');
      const model = predict(trainer.model, data.test, 2, data.classes);
      let agree = 0;
      for (let i = 0; i < data.test.size; i++) {
        const x = scatter.test[2 * i]!, y = scatter.test[2 * i + 1]!;
        const col = Math.min(99, Math.floor(((x - extent.xMin) / (extent.xMax - extent.xMin)) * 100));
        const row = Math.min(99, Math.floor(((extent.yMax - y) / (extent.yMax - extent.yMin)) * 100));
        if (predicted[row * 100 + col] === model[i]) agree++;
      }
      // Points within half a cell of the boundary may fall on the other side of the cell's centre.
      assert.ok(agree / data.test.size >= 0.95, `${agree} of ${data.test.size}`);
    });
  }

  it('scatters every sample of small splits, subsamples large ones, and covers them all', () => {
    const { data } = trained('moons');
    const all = scatterData(data);
    assert.equal(all.trainLabels.length, 300);
    assert.equal(all.train.length, 600);
    const some = scatterData(data, 100);
    assert.equal(some.trainLabels.length, 100);
    const e = boundaryExtent(all);
    for (let i = 0; i < all.train.length; i += 2) {
      assert.ok(all.train[i]! > e.xMin && all.train[i]! < e.xMax && all.train[i + 1]! > e.yMin && all.train[i + 1]! < e.yMax);
    }
  });
});
