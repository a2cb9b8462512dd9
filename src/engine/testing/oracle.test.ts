import { strict as assert } from 'node:assert';
import { compareElementwise, compareNormwise, decodeArray } from './oracle';

describe('oracle comparison rules', () => {
  it('elementwise: |a - e| <= rtol·|e| + atol, exact zeros pass with atol 0', () => {
    assert.equal(compareElementwise([1 + 1e-10, 0], [1, 0], 1e-9, 0), null);
    assert.match(compareElementwise([1 + 1e-8], [1], 1e-9, 0)!, /element 0/);
    assert.match(compareElementwise([1e-16], [0], 1e-9, 0)!, /element 0/);
    assert.equal(compareElementwise([1e-16], [0], 1e-9, 1e-15), null);
    assert.match(compareElementwise([1, 2], [1], 1e-9, 0)!, /length/);
  });

  it('treats NaN and infinities as values that must match exactly', () => {
    assert.equal(compareElementwise([NaN, Infinity], [NaN, Infinity], 1e-9, 0), null);
    assert.notEqual(compareElementwise([1], [NaN], 1e-9, 1), null);
    assert.notEqual(compareElementwise([NaN], [1], 1e-9, 1), null);
    assert.notEqual(compareElementwise([-Infinity], [Infinity], 1e-9, 1), null);
    assert.deepEqual(Array.from(decodeArray([1, 'NaN', 'Infinity', '-Infinity'])), [1, NaN, Infinity, -Infinity]);
  });

  it('normwise: judges the worst error against the largest expected magnitude', () => {
    assert.equal(compareNormwise([1000, 1e-7], [1000, 0], 1e-9), null, 'small elements are judged on the tensor scale');
    assert.notEqual(compareNormwise([1000, 1e-5], [1000, 0], 1e-9), null);
    assert.equal(compareNormwise([0, 0], [0, 0], 1e-9), null);
    assert.notEqual(compareNormwise([1e-300, 0], [0, 0], 1e-9), null, 'all-zero expected must match exactly');
  });
});
