/** batchnorm.json: BatchNorm1d training-mode forward, backward and running statistics. */
import { strict as assert } from 'node:assert';
import { grad, sum, mul } from '../index';
import { BatchNorm1d } from './batchnorm';
import { CaseCheck, describeOracle, loadOracle, toTensor, type OracleTensor } from '../testing/oracle';

interface BnCase {
  name: string; input_shape: number[]; eps: number; momentum: number;
  x: OracleTensor; gamma: OracleTensor; beta: OracleTensor; upstream: OracleTensor;
  y: OracleTensor; grad_x: OracleTensor; grad_gamma: OracleTensor; grad_beta: OracleTensor;
  batch_mean: OracleTensor; batch_var_biased: OracleTensor; running_mean: OracleTensor; running_var: OracleTensor;
}
interface BnOracle { tolerance: { rtol: number }; cases: BnCase[] }

const oracle = loadOracle<BnOracle>('batchnorm.json');

describeOracle<BnOracle>('batchnorm.json', (oracle) => {
  const { rtol } = oracle.tolerance;

  for (const c of oracle.cases) {
    it(c.name, () => {
      const channels = c.input_shape[1];
      const bn = new BatchNorm1d(channels, { eps: c.eps, momentum: c.momentum });
      bn.weight!.data.set(toTensor(c.gamma).data);
      bn.bias!.data.set(toTensor(c.beta).data);
      const x = toTensor(c.x, true);
      const y = bn.forward(x);
      // Backward with the given upstream gradient g: d/dθ of sum(g ⊙ y).
      const [gx, gGamma, gBeta] = grad(sum(mul(y, toTensor(c.upstream))), [x, bn.weight!, bn.bias!]);
      const check = new CaseCheck();
      const expect = (what: string, actual: { data: Float64Array; shape: readonly number[] }, expected: OracleTensor) => {
        check.exact(`${what} shape`, actual.shape.join() === expected.shape.join(), `got [${actual.shape}]`);
        check.normwise(what, actual.data, toTensor(expected).data, rtol);
      };
      expect('y', y, c.y);
      expect('grad_x', gx, c.grad_x);
      expect('grad_gamma', gGamma, c.grad_gamma);
      expect('grad_beta', gBeta, c.grad_beta);
      expect('batch_mean', bn.lastBatchMean!, c.batch_mean);
      expect('batch_var_biased', bn.lastBatchVar!, c.batch_var_biased);
      expect('running_mean', bn.runningMean, c.running_mean);
      expect('running_var', bn.runningVar, c.running_var);
      check.assertAll();
    });
  }
});

describe('BatchNorm1d eval mode', () => {
  it('normalises with the running statistics', () => {
    if (oracle === null) return;
    const c = oracle.cases[0];
    const bn = new BatchNorm1d(c.input_shape[1], { eps: c.eps, momentum: c.momentum });
    bn.forward(toTensor(c.x));
    bn.eval();
    const x = toTensor(c.x);
    const y = bn.forward(x);
    const [n, ch] = c.input_shape;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < ch; j++) {
        const expected = (x.get(i, j) - bn.runningMean.data[j]) / Math.sqrt(bn.runningVar.data[j] + c.eps);
        assert.ok(Math.abs(y.get(i, j) - expected) <= 1e-14 * Math.max(1, Math.abs(expected)));
      }
    }
  });
});
