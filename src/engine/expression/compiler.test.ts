/**
 * Compiled expressions against closed forms: f, f' and f'' (the derivatives from autograd,
 * f'' by double backward), at points away from kinks.
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileExpression } from './index';
import { Tensor } from '../tensor';
import { grad } from '../autograd';
import { sum } from '../ops/reduce';
import { getActivation } from '../activations/registry';

const sig = (x: number) => 1 / (1 + Math.exp(-x));

/** f, f', f'' of `src` at xs through the engine. */
function derivatives(src: string, xs: number[]): { f: number[]; d1: number[]; d2: number[] } {
  const r = compileExpression(src);
  if (!r.ok) throw new Error(r.error.message);
  const x = new Tensor(Float64Array.from(xs), [xs.length], true);
  const y = r.fn(x);
  const [d1] = grad(sum(y), x, { createGraph: true, materializeGrads: true });
  const [d2] = grad(sum(d1), x, { materializeGrads: true });
  return { f: [...y.data], d1: [...d1.data], d2: [...d2.data] };
}

function assertClose(actual: number[], expected: number[], what: string): void {
  actual.forEach((a, i) => {
    const e = expected[i];
    assert.ok(Math.abs(a - e) <= 1e-12 * Math.max(1, Math.abs(e)), `${what}[${i}]: ${a} vs ${e}`);
  });
}

const XS = [-30, -7.5, -2, -1, -0.3, -1e-3, 1e-3, 0.25, 0.9, 1.7, 4, 12.5, 30];

const CASES: { src: string; f: (x: number) => number; d1: (x: number) => number; d2: (x: number) => number }[] = [
  {
    src: 'x * sigmoid(1.702 * x)', // the sigmoid approximation of GELU
    f: (x) => x * sig(1.702 * x),
    d1: (x) => { const s = sig(1.702 * x); return s + 1.702 * x * s * (1 - s); },
    d2: (x) => { const s = sig(1.702 * x), k = 1.702; return 2 * k * s * (1 - s) + k * k * x * s * (1 - s) * (1 - 2 * s); },
  },
  {
    src: 'log(1 + exp(x))',
    f: (x) => Math.log(1 + Math.exp(x)),
    d1: (x) => sig(x),
    d2: (x) => sig(x) * (1 - sig(x)),
  },
  {
    src: 'max(x, 0.1 * x)',
    f: (x) => (x > 0 ? x : 0.1 * x),
    d1: (x) => (x > 0 ? 1 : 0.1),
    d2: () => 0,
  },
  {
    src: 'tanh(x)^2',
    f: (x) => Math.tanh(x) ** 2,
    d1: (x) => { const t = Math.tanh(x); return 2 * t * (1 - t * t); },
    d2: (x) => { const t = Math.tanh(x); return 2 * (1 - t * t) * (1 - 3 * t * t); },
  },
  {
    src: 'where(x > 0, x, exp(x) - 1)', // ELU with alpha 1
    f: (x) => (x > 0 ? x : Math.exp(x) - 1),
    d1: (x) => (x > 0 ? 1 : Math.exp(x)),
    d2: (x) => (x > 0 ? 0 : Math.exp(x)),
  },
  {
    src: '-x^2 / 2 + 3 * sin(x) - pow(x, 3)',
    f: (x) => -(x * x) / 2 + 3 * Math.sin(x) - x ** 3,
    d1: (x) => -x + 3 * Math.cos(x) - 3 * x * x,
    d2: (x) => -1 - 3 * Math.sin(x) - 6 * x,
  },
  {
    src: 'sqrt(abs(x)) + min(x, 1)',
    f: (x) => Math.sqrt(Math.abs(x)) + Math.min(x, 1),
    d1: (x) => Math.sign(x) / (2 * Math.sqrt(Math.abs(x))) + (x < 1 ? 1 : 0),
    d2: (x) => -1 / (4 * Math.abs(x) ** 1.5),
  },
  {
    src: 'erf(x / sqrt(2)) * e^(-x^2 / 8)',
    f: (x) => erfRef(x / Math.SQRT2) * Math.exp(-x * x / 8),
    d1: (x) => {
      const g = Math.exp(-x * x / 8), dphi = Math.sqrt(2 / Math.PI) * Math.exp(-x * x / 2);
      return dphi * g - (x / 4) * erfRef(x / Math.SQRT2) * g;
    },
    d2: (x) => {
      const g = Math.exp(-x * x / 8), E = erfRef(x / Math.SQRT2), P = Math.sqrt(2 / Math.PI) * Math.exp(-x * x / 2);
      return -x * P * g - (x / 4) * P * g * 2 - (1 / 4) * E * g + (x * x / 16) * E * g;
    },
  },
];

/** erf through the identity erf(x) = 2Φ(x√2) - 1 with a high-accuracy series/continued fraction. */
function erfRef(x: number): number {
  // Maclaurin series converges fast for |x| < 3; beyond, erf is 1 to double precision - erfc tail.
  if (Math.abs(x) > 6) return Math.sign(x);
  let term = x, total = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    total += add;
    if (Math.abs(add) < 1e-18 * Math.abs(total)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * total;
}

describe('expression compiler', () => {
  for (const c of CASES) {
    it(`${c.src}: f, f' and f'' match the closed forms`, () => {
      const xs = c.src.startsWith('erf') ? XS.filter((x) => Math.abs(x) < 4) : XS;
      const { f, d1, d2 } = derivatives(c.src, xs);
      assertClose(f, xs.map(c.f), 'f');
      assertClose(d1, xs.map(c.d1), "f'");
      assertClose(d2, xs.map(c.d2), "f''");
    });
  }

  it('calls registry activations with their parameters and aliases', () => {
    const xs = [-2, -0.5, 0.5, 3];
    const viaRegistry = (name: string, params = {}) =>
      [...getActivation(name).apply(Tensor.from(xs), params).data];
    assert.deepEqual(derivatives('leaky_relu(x, 0.2)', xs).f, viaRegistry('leaky_relu', { negative_slope: 0.2 }));
    assert.deepEqual(derivatives('elu(x, 1.5)', xs).f, viaRegistry('elu', { alpha: 1.5 }));
    assert.deepEqual(derivatives('gelu(x)', xs).f, viaRegistry('gelu'));
    const alias = getActivation('silu').aliases[0];
    if (alias) assert.deepEqual(derivatives(`${alias}(x)`, xs).f, viaRegistry('silu'));
    const bad = compileExpression('elu(x, x)');
    assert.ok(!bad.ok);
    assert.equal(bad.error.message, "The parameter 'alpha' of elu must be a number, not depend on x at column 8");
    assert.ok(!compileExpression('softmax(x)').ok, 'softmax is not elementwise');
  });

  it('folds constants and broadcasts constant functions to the shape of x', () => {
    const { f, d1, d2 } = derivatives('2^3 + pi - pi', [1, 2]);
    assert.deepEqual(f, [8, 8]);
    assert.deepEqual(d1, [0, 0]);
    assert.deepEqual(d2, [0, 0]);
    const x = Tensor.zeros([2, 3]);
    const r = compileExpression('x * 0 + exp(1)');
    assert.ok(r.ok);
    assert.deepEqual(r.fn(x).shape, [2, 3]);
    assert.deepEqual(r.usesNames, ['exp']);
    const names = compileExpression('where(x > pi, tanh(x), sigmoid(x) * e)');
    assert.ok(names.ok);
    assert.deepEqual(names.usesNames, ['where', 'pi', 'tanh', 'sigmoid', 'e']);
  });

  it('keeps IEEE semantics: NaN and infinities where the math gives them', () => {
    const { f } = derivatives('log(x) + sqrt(x)', [-1, 0, 4]);
    assert.ok(Number.isNaN(f[0]));
    assert.equal(f[1], -Infinity);
    assert.equal(f[2], Math.log(4) + 2);
  });

  it('never uses eval or the Function constructor', () => {
    const dir = __dirname;
    for (const file of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      assert.ok(!/\beval\s*\(|new\s+Function\b|\bFunction\s*\(/.test(text), `${file} uses eval or Function`);
    }
  });
});
