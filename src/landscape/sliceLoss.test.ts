/**
 * The slice's loss (buffers reused between forward passes) against Trainer.loss (a fresh forward
 * pass through the engine's ops) at many parameter points, for every kind of network a config can
 * build: activations by name, with parameters and as expressions, residual connections, batch norm,
 * each head and loss.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noGrad, Rng } from '../engine';
import { checkConfig } from '../training/config';
import { buildDataset } from '../training/datasets';
import { Trainer } from '../training/trainer';
import { sliceLoss } from './sliceLoss';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const example = (file: string) => readFileSync(join(EXAMPLES, file), 'utf8');
const moons = (model: object, extra: object = {}) => JSON.stringify({
  seed: 3, data: { dataset: 'moons', train: 200, test: 50 }, model: { layers: [2, 8, 8, 2], ...model },
  optimizer: { name: 'sgd', lr: 0.1 }, batch_size: 16, steps: 20, ...extra,
});

const CONFIGS: Record<string, string> = {
  'deep ReLU (12 layers), clipped': example('deep-relu-clipped.gradlab.json'),
  'deep sigmoid': example('deep-sigmoid-vanishing.gradlab.json'),
  'tanh': example('moons.gradlab.json'),
  'leaky ReLU with a parameter, residual': example('gaussians.gradlab.json'),
  'GELU with batch norm': example('circles.gradlab.json'),
  'an expression activation': example('xor.gradlab.json'),
  'softmax head with cross-entropy': moons({ activation: 'elu', head: 'softmax' }),
  'sigmoid head with MSE': moons({ activation: 'softplus', head: 'sigmoid' }, { loss: 'mse' }),
  'linear head with MSE, no hidden layer': moons({ layers: [2, 2] }, { loss: 'mse' }),
};

describe('the slice\'s loss with reused buffers', () => {
  for (const [what, text] of Object.entries(CONFIGS)) {
    it(`${what}: equals Trainer.loss at every parameter point`, () => {
      const config = checkConfig(text).config!;
      const trainer = new Trainer(config, buildDataset(config.data, config.seed, {}), { maxSteps: 15 });
      while (!trainer.done) trainer.step();
      const batch = Array.from({ length: Math.min(128, trainer.dataset.train.size) }, (_, i) => i);
      const loss = sliceLoss(trainer, batch);
      const params = trainer.model.parameters();
      const center = params.map((p) => Float64Array.from(p.data));
      const rng = new Rng(11);
      // Near θ*, far from it (where a deep network's loss overflows), and back at θ*.
      for (const scale of [0, 0.01, 0.3, 1, 30, 1e6, 0]) {
        params.forEach((p, i) => {
          const noise = rng.fillNormal(new Float64Array(p.data.length));
          for (let j = 0; j < p.data.length; j++) p.data[j] = center[i][j] + scale * noise[j];
        });
        const expected = noGrad(() => trainer.loss(batch).loss.item());
        const actual = loss();
        assert.ok(Object.is(actual, expected) || Math.abs(actual - expected) <= 1e-12 * Math.abs(expected),
          `scale ${scale}: ${actual} ≠ ${expected}`);
      }
    });
  }
});
