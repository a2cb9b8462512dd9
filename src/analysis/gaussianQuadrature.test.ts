import { strict as assert } from 'node:assert';
import { gaussianExpectation, gaussianExpectations, KRONROD_15 } from './gaussianQuadrature';

function close(actual: number, expected: number, tol: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} vs ${expected} (error ${Math.abs(actual - expected)})`);
}

describe('Gaussian quadrature', () => {
  it('uses a Kronrod rule exact to degree 22 whose Gauss half is exact to degree 13', () => {
    for (let d = 0; d <= 23; d++) {
      const exact = d % 2 === 1 ? 0 : 2 / (d + 1);
      const k = KRONROD_15.reduce((acc, n) => acc + n.wk * n.x ** d, 0);
      const g = KRONROD_15.reduce((acc, n) => acc + n.wg * n.x ** d, 0);
      close(k, exact, 1e-15, `Kronrod degree ${d}`);
      if (d <= 13) close(g, exact, 1e-15, `Gauss degree ${d}`);
    }
    const g14 = KRONROD_15.reduce((acc, n) => acc + n.wg * n.x ** 14, 0);
    assert.ok(Math.abs(g14 - 2 / 15) > 1e-6, 'G7 is not exact at degree 14 (so the error estimate is real)');
  });

  it('gets the Gaussian moments E[z^2k] = (2k-1)!!', () => {
    const powers = [0, 2, 4, 6, 8];
    const moments = gaussianExpectations((z) => powers.map((p) => z.map((v) => v ** p)));
    [1, 1, 3, 15, 105].forEach((m, i) => close(moments[i], m, 1e-13 * m, `E[z^${powers[i]}]`));
    close(gaussianExpectation((z) => z ** 3), 0, 1e-15, 'odd moment');
  });

  it('integrates smooth functions to full precision (closed forms and 30-digit references)', () => {
    close(gaussianExpectation((z) => Math.cos(2 * z)), Math.exp(-2), 1e-15, 'E[cos 2z]');
    close(gaussianExpectation((z) => Math.exp(z)), Math.exp(0.5), 1e-14, 'E[e^z]');
    close(gaussianExpectation((z) => Math.tanh(z) ** 2), 0.394294490397841174416459772444, 1e-15, 'E[tanh² z]');
    close(gaussianExpectation((z) => (1 - Math.tanh(z) ** 2) ** 2), 0.464402902448268241972021461116, 1e-15, "E[tanh'² z]");
  });

  it('handles kinks and jumps at 0 exactly', () => {
    close(gaussianExpectation((z) => Math.max(z, 0) ** 2), 0.5, 1e-15, 'E[relu²]');
    close(gaussianExpectation((z) => (z > 0 ? 1 : 0)), 0.5, 1e-15, 'E[step]');
    close(gaussianExpectation((z) => Math.abs(z)), Math.sqrt(2 / Math.PI), 1e-15, 'E|z|');
  });

  it('finds jumps at unknown places adaptively, and uses given breakpoints directly', () => {
    const tail = 0.382088577811047366927726377236; // P(Z > 0.3), 30-digit reference
    let adaptive = 0, guided = 0;
    const step = (count: () => void) => (z: Float64Array) => { count(); return [z.map((v) => (v > 0.3 ? 1 : 0))]; };
    close(gaussianExpectations(step(() => adaptive++))[0], tail, 1e-13, 'adaptive');
    close(gaussianExpectations(step(() => guided++), { breakpoints: [0.3] })[0], tail, 1e-15, 'breakpoint');
    assert.ok(adaptive > 10 && guided === 1, `rounds: adaptive ${adaptive}, guided ${guided}`);
  });

  it('keeps relative accuracy for huge and tiny integrands', () => {
    close(gaussianExpectation((z) => 1e200 * Math.max(z, 0) ** 2) / 1e200, 0.5, 1e-14, 'scaled up');
    close(gaussianExpectation((z) => 1e-200 * z * z) / 1e-200, 1, 1e-14, 'scaled down');
  });

  it('reports NaN and infinity instead of hiding them', () => {
    assert.ok(Number.isNaN(gaussianExpectation((z) => (z > 3 ? NaN : 1))));
    assert.equal(gaussianExpectation((z) => (z > 3 ? Infinity : 1)), Infinity);
  });
});
