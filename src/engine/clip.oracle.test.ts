/**
 * clipping.json: torch.nn.utils.clip_grad_norm_ (norm types 2 and inf) and clip_grad_value_ on
 * lists of gradients from PyTorch 1.13. Norm results elementwise at the file's tolerance, value
 * clipping exactly; and, as the README promises, the clipped norm never exceeds max_norm + 1e-12.
 */
import { clipGradNorm_, clipGradValue_, totalGradNorm, type HasGrad } from './clip';
import { CaseCheck, decodeArray, loadOracle, tallyOracleCases, type OracleTensor } from './testing/oracle';

interface ClippingOracle {
  tolerance: { rtol: number; atol: number };
  cases: {
    name: string;
    grads: OracleTensor[];
    clip_grad_norm: {
      max_norm: number; norm_type: number | 'inf'; total_norm: number; clip_coef: number; clipped: OracleTensor[];
    }[];
    clip_grad_value: { clip_value: number; clipped: OracleTensor[] }[];
  }[];
}

const oracle = loadOracle<ClippingOracle>('clipping.json');

function withGrads(grads: readonly OracleTensor[]): HasGrad[] {
  return grads.map((g) => ({ grad: { data: decodeArray(g.data) } }));
}

describe('oracle: clipping.json', () => {
  if (oracle === null) {
    it.skip('clipping.json not present in the oracle folder');
    return;
  }
  tallyOracleCases('clipping.json');
  const { rtol, atol } = oracle.tolerance;

  for (const c of oracle.cases) {
    it(c.name, () => {
      const check = new CaseCheck();
      for (const spec of c.clip_grad_norm) {
        const where = `clip_grad_norm_(max_norm=${spec.max_norm}, norm_type=${spec.norm_type})`;
        const params = withGrads(c.grads);
        const result = clipGradNorm_(params, spec.max_norm, spec.norm_type);
        check.elementwise(`${where} total_norm`, [result.totalNorm], [spec.total_norm], rtol, atol);
        check.elementwise(`${where} clip_coef`, [result.clipCoef], [spec.clip_coef], rtol, atol);
        spec.clipped.forEach((e, i) => {
          check.elementwise(`${where} tensor ${i}`, params[i].grad!.data, decodeArray(e.data), rtol, atol);
        });
        const clippedNorm = totalGradNorm(params, spec.norm_type);
        check.exact(`${where} clipped norm`, clippedNorm <= spec.max_norm + 1e-12, `${clippedNorm} > max_norm + 1e-12`);
      }
      for (const spec of c.clip_grad_value) {
        const params = withGrads(c.grads);
        clipGradValue_(params, spec.clip_value);
        spec.clipped.forEach((e, i) => {
          // Exact: clamping involves no rounding.
          const expected = decodeArray(e.data);
          const actual = params[i].grad!.data;
          const bad = expected.findIndex((v, j) => !(v === actual[j] || (Number.isNaN(v) && Number.isNaN(actual[j]))));
          check.exact(`clip_grad_value_(${spec.clip_value}) tensor ${i}`, bad < 0, `element ${bad}: ${actual[bad]}, expected ${expected[bad]}`);
        });
      }
      check.assertAll();
    });
  }
});
