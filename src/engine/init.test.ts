import { strict as assert } from 'node:assert';
import { Rng } from './rng';
import {
  calculateGain, computeFans, findInitializer, getInitializer, initializerStd, initWeights,
  INITIALIZER_NAMES, INITIALIZERS, kaimingNormal, orthogonal,
} from './init';
import { householderQr } from './orthogonal';

function moments(a: Float64Array): { mean: number; std: number; min: number; max: number } {
  let sum = 0, sumSq = 0, min = Infinity, max = -Infinity;
  for (const v of a) { sum += v; sumSq += v * v; min = Math.min(min, v); max = Math.max(max, v); }
  const mean = sum / a.length;
  return { mean, std: Math.sqrt(sumSq / a.length - mean * mean), min, max };
}

/** Max |A A^T - I| (rows orthonormal) for a row-major rows x cols matrix. */
function rowOrthoError(a: Float64Array, rows: number, cols: number, scale = 1): number {
  let err = 0;
  for (let i = 0; i < rows; i++) for (let j = 0; j < rows; j++) {
    let dot = 0;
    for (let k = 0; k < cols; k++) dot += a[i * cols + k] * a[j * cols + k];
    err = Math.max(err, Math.abs(dot / (scale * scale) - (i === j ? 1 : 0)));
  }
  return err;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
  return t;
}

function close(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) <= 4e-16 * Math.abs(expected), `${actual} vs ${expected}`);
}

describe('calculateGain', () => {
  it('matches torch.nn.init.calculate_gain', () => {
    assert.equal(calculateGain('linear'), 1);
    assert.equal(calculateGain('conv2d'), 1);
    assert.equal(calculateGain('sigmoid'), 1);
    assert.equal(calculateGain('tanh'), 5 / 3);
    assert.equal(calculateGain('relu'), Math.SQRT2);
    assert.equal(calculateGain('leaky_relu'), Math.sqrt(2 / (1 + 0.01 ** 2)));
    assert.equal(calculateGain('leaky_relu', 0.2), Math.sqrt(2 / 1.04));
    assert.equal(calculateGain('selu'), 0.75);
    assert.throws(() => calculateGain('swish'), /Unsupported nonlinearity swish/);
  });
});

describe('initializers', () => {
  const shape = [300, 200]; // [out, in]: fan_in 200, fan_out 300

  it('computes fans like torch', () => {
    assert.deepEqual(computeFans([3, 4]), { fanIn: 4, fanOut: 3 });
    assert.deepEqual(computeFans([8, 3, 5, 5]), { fanIn: 75, fanOut: 200 });
    assert.throws(() => computeFans([5]), /fewer than 2 dimensions/);
  });

  it('states the torch stds', () => {
    close(initializerStd('he', shape), Math.sqrt(2 / 200));
    close(initializerStd('kaiming_normal', shape, { gain: 2 }), 2 * Math.sqrt(2 / 200));
    close(initializerStd('kaiming_normal', shape, { mode: 'fan_out' }), Math.sqrt(2 / 300));
    close(initializerStd('kaiming_normal', shape, { nonlinearity: 'tanh' }), (5 / 3) / Math.sqrt(200));
    close(initializerStd('xavier', shape), Math.sqrt(2 / 500));
    close(initializerStd('xavier_uniform', shape, { gain: 3 }), 3 * Math.sqrt(2 / 500));
    close(initializerStd('lecun_normal', shape), 1 / Math.sqrt(200));
    close(initializerStd('normal', shape, { std: 0.05, gain: 2 }), 0.1);
    close(initializerStd('zeros', shape), 0);
    assert.ok(Math.abs(initializerStd('orthogonal', [64, 64]) - 1 / 8) < 1e-15);
  });

  for (const name of INITIALIZER_NAMES) {
    it(`${name}: sampled std matches the stated std and the mean is 0`, () => {
      const options = { gain: 1.5, std: 0.07 };
      const w = initWeights(name, new Rng(2024).fork(name), shape, options);
      assert.equal(w.length, 300 * 200);
      const m = moments(w);
      const std = initializerStd(name, shape, options);
      if (name === 'zeros') return assert.ok(m.min === 0 && m.max === 0);
      // 60,000 draws: the sample std is within ~0.3% (1 sigma) of the truth; allow 2%.
      assert.ok(Math.abs(m.std / std - 1) < 0.02, `${name}: std ${m.std} vs ${std}`);
      assert.ok(Math.abs(m.mean) < 5 * std / Math.sqrt(w.length), `${name}: mean ${m.mean}`);
    });
  }

  it('uniform ones stay inside their bounds and reach them', () => {
    const xu = moments(initWeights('xavier_uniform', new Rng(1), shape));
    const a = Math.sqrt(6 / 500);
    assert.ok(xu.min >= -a && xu.max < a && xu.max > 0.99 * a && xu.min < -0.99 * a);
    const ku = moments(initWeights('kaiming_uniform', new Rng(1), shape));
    const b = Math.sqrt(6 / 200);
    assert.ok(ku.min >= -b && ku.max < b && ku.max > 0.99 * b);
    const u = moments(initWeights('uniform', new Rng(1), shape, { low: 2, high: 3 }));
    assert.ok(u.min >= 2 && u.max < 3 && Math.abs(u.mean - 2.5) < 0.01);
    const d = moments(initWeights('uniform', new Rng(1), shape));
    assert.ok(d.min >= -1 / Math.sqrt(200) && d.max < 1 / Math.sqrt(200));
  });

  it('is deterministic for a seed and resolves aliases', () => {
    assert.deepEqual(initWeights('he', new Rng(5), [4, 3]), kaimingNormal(new Rng(5), [4, 3]));
    assert.deepEqual(initWeights('xavier', new Rng(5), [4, 3]), initWeights('xavier_normal', new Rng(5), [4, 3]));
    assert.notDeepEqual(initWeights('he', new Rng(5), [4, 3]), initWeights('he', new Rng(6), [4, 3]));
    assert.equal(findInitializer('HE')?.name, 'kaiming_normal');
    assert.equal(findInitializer('nope'), undefined);
    assert.throws(() => getInitializer('kaiming_normall'), /Unknown initializer 'kaiming_normall'. Valid names: uniform/);
    for (const name of INITIALIZER_NAMES) assert.equal(INITIALIZERS[name].name, name);
  });

  it('orthogonal: square, wide and tall matrices are orthonormal (times gain)', () => {
    const sq = orthogonal(new Rng(1), [32, 32], 2);
    assert.ok(rowOrthoError(sq, 32, 32, 2) < 1e-13);
    assert.ok(rowOrthoError(transpose(sq, 32, 32), 32, 32, 2) < 1e-13);
    const wide = orthogonal(new Rng(2), [10, 40]);
    assert.ok(rowOrthoError(wide, 10, 40) < 1e-13);
    const tall = orthogonal(new Rng(3), [40, 10]);
    assert.ok(rowOrthoError(transpose(tall, 40, 10), 10, 40) < 1e-13);
  });

  it('orthogonal: Q is sign-corrected like torch (R = Q^T G has a positive diagonal)', () => {
    const rows = 12, cols = 5;
    const g = new Rng(9).fillNormal(new Float64Array(rows * cols)); // the Gaussian orthogonal() draws
    const q = orthogonal(new Rng(9), [rows, cols]);
    for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) {
      let r = 0;
      for (let k = 0; k < rows; k++) r += q[k * cols + i] * g[k * cols + j];
      if (i === j) assert.ok(r > 0, `R[${i},${i}] = ${r}`);
      if (i > j) assert.ok(Math.abs(r) < 1e-12, `R[${i},${j}] = ${r} below the diagonal`);
    }
  });

  it('householderQr reconstructs A = Q R', () => {
    const m = 7, n = 4;
    const a = new Rng(4).fillNormal(new Float64Array(m * n));
    const { q, rDiag } = householderQr(a, m, n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let k = 0; k < m; k++) r += q[k * n + i] * a[k * n + i];
      assert.ok(Math.abs(r - rDiag[i]) < 1e-12);
    }
    // Q Q^T A = A because A's columns lie in Q's span.
    for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) {
      let proj = 0;
      for (let c = 0; c < n; c++) {
        let dot = 0;
        for (let k = 0; k < m; k++) dot += q[k * n + c] * a[k * n + j];
        proj += q[i * n + c] * dot;
      }
      assert.ok(Math.abs(proj - a[i * n + j]) < 1e-12);
    }
  });
});
