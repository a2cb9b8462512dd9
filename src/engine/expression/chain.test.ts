/**
 * Long flat chains (x + x + ... , 3,000 terms) are trees as deep as they are long: parsing,
 * checking, compiling, evaluating and differentiating them must never take a stack frame per term.
 * And the size of an expression is bounded, not only its nesting.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { grad, sum, Tensor } from '../index';
import { compileExpression, parseExpression } from './index';
import { MAX_EXPRESSION_NODES } from './parser';

const chain = (terms: number, term = 'x', op = '+') => Array.from({ length: terms }, () => term).join(op);

describe('engine/expression: long flat chains and the size bound', () => {
  it('a chain of 3,000 terms parses, compiles, evaluates and gives f\' and f\'\' (double backward)', () => {
    const compiled = compileExpression(chain(3000));
    assert.ok(compiled.ok);
    const x = new Tensor(Float64Array.from([-2, 0.5, 3]), [3], true);
    const y = compiled.fn(x);
    assert.deepEqual([...y.data], [-6000, 1500, 9000]);
    const [dy] = grad(sum(y), x, { createGraph: true });
    assert.deepEqual([...dy.data], [3000, 3000, 3000]);
    const [d2y] = grad(sum(dy), x, { materializeGrads: true });
    assert.deepEqual([...d2y.data], [0, 0, 0]);
  });

  it('a 3,000-term product chain and a chain of calls evaluate too', () => {
    const product = compileExpression(chain(3000, '1.0001', '*') + ' * x');
    assert.ok(product.ok);
    assert.ok(Math.abs(product.fn(Tensor.from([1], [1])).data[0] - 1.0001 ** 3000) < 1e-9);
    const calls = compileExpression(chain(1500, 'sigmoid(x)', ' - '));
    assert.ok(calls.ok);
    assert.ok(Number.isFinite(calls.fn(Tensor.from([0.3], [1])).data[0]));
  });

  it('a chain evaluates in the same order as left-to-right arithmetic, bit for bit', () => {
    const term = fc.record({ op: fc.constantFrom('+', '-', '*', '/'), c: fc.double({ min: 0.1, max: 10, noNaN: true }) });
    fc.assert(fc.property(fc.array(term, { minLength: 1, maxLength: 400 }), fc.double({ min: -3, max: 3, noNaN: true }), (terms, x0) => {
      // x op c1 op c2 ... with * and / grouped first, as the grammar does: compare with the same grouping in JS.
      const src = 'x' + terms.map((t) => ` ${t.op} ${t.c}`).join('');
      const compiled = compileExpression(src);
      assert.ok(compiled.ok);
      const sums: number[] = [];
      let product = x0;
      let sign = 1;
      for (const t of terms) {
        if (t.op === '*') product *= t.c;
        else if (t.op === '/') product /= t.c;
        else {
          sums.push(sign * product);
          sign = t.op === '+' ? 1 : -1;
          product = t.c;
        }
      }
      sums.push(sign * product);
      const expected = sums.reduce((a, b) => a + b); // a - b is a + (-b) exactly in IEEE arithmetic
      assert.equal(compiled.fn(Tensor.from([x0], [1])).data[0], expected);
    }), { numRuns: 50 });
  });

  it(`refuses more than ${MAX_EXPRESSION_NODES} nodes with a clear message, and takes exactly that many`, () => {
    const atLimit = chain((MAX_EXPRESSION_NODES + 1) / 2); // n terms are 2n - 1 nodes
    assert.ok(parseExpression(atLimit).ok);
    const over = parseExpression(`${atLimit}+x`);
    assert.ok(!over.ok);
    assert.match(over.error.message, /^The expression is too long at column \d+: at most 10,000 numbers, names and operations$/);
  });

  it('tokenizes a 1 MB expression in one pass (refused by the size bound, not by the stack)', () => {
    const huge = parseExpression(chain(500_000));
    assert.ok(!huge.ok);
    assert.match(huge.error.message, /too long/);
  });
});
