import { strict as assert } from 'node:assert';
import { Tensor } from '../tensor';
import { MLP } from '../nn/mlp';
import { getActivation } from './registry';
import { NotElementwiseError, firstDerivative, resolveActivation, sampleDerivatives } from './resolve';

const xs = Float64Array.from([-3, -0.5, 0, 0.25, 2]);

describe('resolveActivation: one way from a name or an expression to a function', () => {
  it('binds a registry entry with its parameters', () => {
    const r = resolveActivation({ name: 'leaky_relu', params: { negative_slope: 0.2 } });
    assert.ok(r.ok);
    assert.equal(r.builtin, true);
    assert.deepEqual([...r.apply(new Tensor(xs, [5])).data], [...getActivation('leaky_relu').apply(new Tensor(xs, [5]), { negative_slope: 0.2 }).data]);
    assert.equal(r.kinks, undefined, 'parameters move the kinks: only the defaults are trusted');
    const plain = resolveActivation({ name: 'relu' });
    assert.ok(plain.ok);
    assert.deepEqual(plain.kinks, getActivation('relu').kinks);
  });

  it('compiles an expression into an elementwise spec', () => {
    const r = resolveActivation({ expression: 'x * sigmoid(x)', label: 'swish-ish' });
    assert.ok(r.ok);
    assert.equal(r.builtin, false);
    assert.equal(r.spec.name, 'swish-ish');
    assert.equal(r.spec.kind, 'elementwise');
    assert.deepEqual([...r.apply(new Tensor(xs, [5])).data], [...getActivation('silu').apply(new Tensor(xs, [5])).data]);
  });

  it('says what is wrong: unknown names, vector-valued entries, expressions that do not parse', () => {
    assert.deepEqual(resolveActivation({ name: 'relux' }), { ok: false, error: "Unknown activation 'relux'", field: 'name' });
    const softmax = resolveActivation({ name: 'softmax' });
    assert.ok(!softmax.ok && /not an elementwise activation/.test(softmax.error));
    assert.ok(resolveActivation({ name: 'softmax' }, { vector: 'accept' }).ok);
    const bad = resolveActivation({ expression: 'x +' });
    assert.ok(!bad.ok && bad.field === 'expression' && bad.detail !== undefined);
  });

  it('an MLP given an expression computes what the named activation computes, bit for bit', () => {
    const x = new Tensor(Float64Array.from({ length: 12 }, (_, i) => Math.sin(i) * 2), [4, 3]);
    const named = new MLP({ sizes: [3, 5, 5, 2], activation: 'tanh', seed: 7 });
    const expr = new MLP({ sizes: [3, 5, 5, 2], activation: { expression: 'tanh(x)' }, seed: 7 });
    assert.deepEqual([...expr.forward(x).data], [...named.forward(x).data]);
    assert.throws(() => new MLP({ sizes: [3, 4, 2], activation: { expression: '(' } }), /activation expression:/);
  });

  it('firstDerivative refuses a function that is not one number per number; sampleDerivatives plots a constant', () => {
    assert.throws(() => firstDerivative(() => new Tensor(Float64Array.of(1), [1]), xs), NotElementwiseError);
    const constant = resolveActivation({ expression: '2' });
    assert.ok(constant.ok);
    const curve = sampleDerivatives(constant.apply, xs);
    assert.deepEqual([...curve.f], [2, 2, 2, 2, 2]);
    assert.deepEqual([...curve.df], [0, 0, 0, 0, 0]);
    const tanh = firstDerivative(getActivation('tanh').apply, xs);
    assert.deepEqual([...tanh.df], [...sampleDerivatives(getActivation('tanh').apply, xs).df]);
  });
});
