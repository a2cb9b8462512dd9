import { strict as assert } from 'node:assert';
import { Tensor, backward, sum, mseLoss, crossEntropy, Rng, tanh, linear } from '../index';
import { Linear } from './linear';
import { MLP } from './mlp';
import { BatchNorm1d } from './batchnorm';
import { layerStats, l2Norm, meanRowNorm } from './instrument';

describe('Linear', () => {
  it('stores W as [out, in] and initialises like nn.Linear by default (U(±1/√fan_in))', () => {
    const l = new Linear(16, 3, { rng: new Rng(5) });
    assert.deepEqual(l.weight.shape, [3, 16]);
    assert.deepEqual(l.bias!.shape, [3]);
    assert.ok([...l.weight.data, ...l.bias!.data].every((v) => Math.abs(v) <= 0.25));
    assert.deepEqual(new Linear(16, 3, { rng: new Rng(5) }).weight.toArray(), l.weight.toArray(), 'seeded');
    assert.equal(new Linear(2, 2, { bias: false }).parameters().length, 1);
    const z = new Linear(4, 2, { init: 'kaiming_normal', rng: new Rng(1) });
    assert.deepEqual(z.bias!.toArray(), [0, 0], 'a named initialiser gets zero biases unless asked');
    assert.throws(() => new Linear(2, 2, { weight: [1, 2, 3] }), /weight has 3 values, expected 4/);
  });
});

describe('MLP', () => {
  it('builds from depth and width, names its parameters, counts them', () => {
    const mlp = new MLP({ inputSize: 3, depth: 2, width: 5, outputSize: 2, activation: 'tanh', seed: 1 });
    assert.deepEqual(mlp.sizes, [3, 5, 5, 2]);
    assert.deepEqual(mlp.namedParameters().map(([n]) => n),
      ['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias', 'layers.2.weight', 'layers.2.bias']);
    assert.equal(mlp.parameterCount(), 3 * 5 + 5 + 5 * 5 + 5 + 5 * 2 + 2);
    assert.match(String(mlp), /MLP\(sizes=\[3, 5, 5, 2\], activation=tanh, head=identity\)/);
  });

  it('computes h_k = φ(z_k W^T + b) layer by layer, with a per-layer activation and a head', () => {
    const mlp = new MLP({ sizes: [2, 3, 3, 2], activation: ['tanh', { name: 'leaky_relu', params: { negative_slope: 0.2 } }], head: 'softmax', seed: 4 });
    const x = Tensor.from([0.3, -1.2, 2, 0.5], [2, 2]);
    const [l1, l2, l3] = mlp.layers;
    let h = tanh(linear(x, l1.weight, l1.bias));
    const z2 = linear(h, l2.weight, l2.bias);
    h = new Tensor(z2.data.map((v) => (v > 0 ? v : 0.2 * v)), z2.shape);
    const z3 = linear(h, l3.weight, l3.bias).data;
    const y = mlp.forward(x).data;
    for (let r = 0; r < 2; r++) {
      const e0 = Math.exp(z3[2 * r]), e1 = Math.exp(z3[2 * r + 1]);
      assert.ok(Math.abs(y[2 * r] - e0 / (e0 + e1)) < 1e-15);
    }
    assert.throws(() => new MLP({ sizes: [2, 3, 2], activation: ['tanh', 'relu'] }), /2 activations given for 1 hidden layers/);
    assert.throws(() => new MLP({ sizes: [2, 3, 2], activation: 'softmax' }), /cannot be a hidden-layer activation/);
    assert.throws(() => mlp.forward(Tensor.zeros([2, 3])), /expects input \[N, 2\]/);
  });

  it('adds residual connections only between layers of equal width', () => {
    const plain = new MLP({ sizes: [2, 4, 4, 1], activation: 'tanh', seed: 9 });
    const res = new MLP({ sizes: [2, 4, 4, 1], activation: 'tanh', seed: 9, residual: true });
    const x = Tensor.from([0.5, -0.5], [1, 2]);
    plain.forward(x, { trace: true });
    res.forward(x, { trace: true });
    const [p1, p2] = plain.lastTrace!.layers, [r1, r2] = res.lastTrace!.layers;
    assert.deepEqual(r1.output.toArray(), p1.output.toArray(), 'layer 1 changes width: no shortcut');
    const expected = r1.output.data.map((h, i) => h + r2.activation!.data[i]);
    assert.deepEqual(r2.output.toArray(), Array.from(expected));
    assert.notDeepEqual(r2.output.toArray(), p2.output.toArray());
  });

  it('puts BatchNorm1d before each hidden activation and switches it with train/eval', () => {
    const mlp = new MLP({ sizes: [3, 4, 2], activation: 'relu', batchNorm: true, seed: 2 });
    assert.equal(mlp.norms.length, 1);
    assert.ok(mlp.namedParameters().some(([n]) => n === 'norms.0.weight'));
    const x = new Tensor(new Rng(3).fillNormal(new Float64Array(24), 0, 1), [8, 3]);
    mlp.forward(x, { trace: true });
    const u = mlp.lastTrace!.layers[0].preActivation!;
    for (let c = 0; c < 4; c++) {
      let s = 0;
      for (let r = 0; r < 8; r++) s += u.get(r, c);
      assert.ok(Math.abs(s / 8) < 1e-12, 'batch statistics: each channel has mean 0');
    }
    mlp.eval();
    assert.equal(mlp.norms[0].training, false);
    const y1 = mlp.forward(x).toArray();
    assert.deepEqual(mlp.forward(x).toArray(), y1, 'eval mode does not update the statistics');
  });
});

describe('BatchNorm1d', () => {
  it('normalises [N, C, L] over N and L and rejects wrong shapes', () => {
    const bn = new BatchNorm1d(2);
    const x = Tensor.from([1, 2, 10, 20, 3, 4, 30, 40], [2, 2, 2]);
    const y = bn.forward(x);
    const ch0 = [y.get(0, 0, 0), y.get(0, 0, 1), y.get(1, 0, 0), y.get(1, 0, 1)];
    assert.ok(Math.abs(ch0.reduce((a, b) => a + b)) < 1e-12);
    assert.ok(Math.abs(bn.runningMean.data[1] - 0.1 * 25) < 1e-12);
    assert.throws(() => bn.forward(Tensor.zeros([2, 3])), /expects \[N, 2\]/);
    assert.throws(() => new BatchNorm1d(2).forward(Tensor.zeros([1, 2])), /more than one value per channel/);
  });
});

describe('instrumentation', () => {
  it('reports norms, dL/dz, φ\' and activation statistics per layer', () => {
    const mlp = new MLP({ sizes: [2, 3, 1], activation: 'relu', weights: [[1, 0, 0, 1, -1, -1], [1, 1, 1]], biases: [[0, 0, 0], [0]] });
    const x = Tensor.from([1, 2, -1, 1], [2, 2]);
    // z1 = [[1, 2, -3], [-1, 1, 0]]; h1 = [[1, 2, 0], [0, 1, 0]]; ŷ = [3, 1]
    const loss = mseLoss(mlp.forward(x, { trace: true }), Tensor.from([1, 1], [2, 1]));
    backward(loss);
    const [s1, s2] = layerStats(mlp);
    assert.equal(s1.activation, 'relu');
    assert.equal(s2.activation, null);
    assert.equal(s1.meanAbsDerivative, 3 / 6, 'relu\' is 1 on three of six units');
    assert.equal(s1.saturatedFraction, 3 / 6);
    assert.ok(Math.abs(s1.activationMean! - 4 / 6) < 1e-15);
    assert.ok(Math.abs(s2.preactGradNormMean! - (2 + 0) / 2) < 1e-15, 'dL/dŷ = (ŷ - y) = [2, 0]');
    assert.ok(Math.abs(s1.preactRms - Math.sqrt((1 + 4 + 9 + 1 + 1) / 6)) < 1e-15);
    assert.equal(s2.weightGradNorm, l2Norm(mlp.layers[1].weight.grad!.data));
    assert.throws(() => layerStats(new MLP({ sizes: [1, 1] })), /trace: true/);
  });

  it('norms neither underflow nor overflow', () => {
    assert.equal(l2Norm([3e-170, 4e-170]), 5e-170);
    assert.equal(l2Norm([3e170, 4e170]), 5e170);
    assert.equal(l2Norm([0, 0]), 0);
    assert.ok(Math.abs(meanRowNorm(Tensor.from([3, 4, 0, 0], [2, 2])) - 2.5) < 1e-15);
  });
});

describe('losses', () => {
  it('cross-entropy equals the mean of -log softmax at the target; reductions', () => {
    const logits = Tensor.from([1, 2, 3, 1, 1, 1], [2, 3], true);
    const l = crossEntropy(logits, [2, 0]);
    const p = Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3));
    assert.ok(Math.abs(l.item() - (-Math.log(p) + Math.log(3)) / 2) < 1e-15);
    assert.equal(crossEntropy(logits, [2, 0], 'none').shape[0], 2);
    assert.throws(() => crossEntropy(logits, [3, 0]), /target 3 is not a class index in \[0, 3\)/);
    assert.throws(() => crossEntropy(logits, [1]), /1 targets given for 2 rows/);
    assert.equal(sum(mseLoss(Tensor.from([1, 2]), Tensor.from([0, 0]), 'none')).item(), 5);
  });
});
