/** softmax.json: softmax, log_softmax, their vector-Jacobian products, and the losses built on them. */
import { Tensor, grad, sum, mul, softmax, logSoftmax, crossEntropy, nllLoss } from '../index';
import { CaseCheck, describeOracle, toTensor, type OracleTensor } from '../testing/oracle';

interface SoftmaxCase {
  name: string;
  logits: OracleTensor; target: number[]; upstream: OracleTensor;
  softmax: OracleTensor; log_softmax: OracleTensor; softmax_vjp: OracleTensor; log_softmax_vjp: OracleTensor;
  cross_entropy: number; cross_entropy_grad: OracleTensor;
  nll_loss: number; nll_loss_grad: OracleTensor;
  nll_of_log_softmax: number; nll_of_log_softmax_grad: OracleTensor;
}
interface SoftmaxOracle { dim: number; tolerance: { rtol: number; atol: number }; cases: SoftmaxCase[] }

/** The value of `f(logits)` and its gradient with respect to fresh logits. */
function valueAndGrad(logits: OracleTensor, f: (x: Tensor) => Tensor): [Tensor, Tensor] {
  const x = toTensor(logits, true);
  const y = f(x);
  const [g] = grad(y.size === 1 ? y : sum(y), x);
  return [y, g];
}

describeOracle<SoftmaxOracle>('softmax.json', (oracle) => {
  const { rtol, atol } = oracle.tolerance;
  const dim = oracle.dim;

  for (const c of oracle.cases) {
    it(c.name, () => {
      const check = new CaseCheck();
      const expect = (what: string, actual: Tensor | number, expected: OracleTensor | number) => {
        const a = typeof actual === 'number' ? [actual] : actual.data;
        const e = typeof expected === 'number' ? [expected] : toTensor(expected).data;
        if (typeof expected !== 'number') {
          check.exact(`${what} shape`, (actual as Tensor).shape.join() === expected.shape.join(), `got ${(actual as Tensor).shape}`);
        }
        check.elementwise(what, a, e, rtol, atol);
      };
      const u = toTensor(c.upstream);
      const [, sVjp] = valueAndGrad(c.logits, (x) => mul(softmax(x, dim), u));
      expect('softmax', softmax(toTensor(c.logits), dim), c.softmax);
      expect('softmax_vjp', sVjp, c.softmax_vjp);
      const [, lsVjp] = valueAndGrad(c.logits, (x) => mul(logSoftmax(x, dim), u));
      expect('log_softmax', logSoftmax(toTensor(c.logits), dim), c.log_softmax);
      expect('log_softmax_vjp', lsVjp, c.log_softmax_vjp);
      const [ce, ceGrad] = valueAndGrad(c.logits, (x) => crossEntropy(x, c.target));
      expect('cross_entropy', ce.item(), c.cross_entropy);
      expect('cross_entropy_grad', ceGrad, c.cross_entropy_grad);
      const [nll, nllGrad] = valueAndGrad(c.logits, (x) => nllLoss(x, c.target));
      expect('nll_loss', nll.item(), c.nll_loss);
      expect('nll_loss_grad', nllGrad, c.nll_loss_grad);
      const [nls, nlsGrad] = valueAndGrad(c.logits, (x) => nllLoss(logSoftmax(x, dim), c.target));
      expect('nll_of_log_softmax', nls.item(), c.nll_of_log_softmax);
      expect('nll_of_log_softmax_grad', nlsGrad, c.nll_of_log_softmax_grad);
      check.assertAll();
    });
  }
});
