/**
 * optim.json: parameters after 1, 2 and 3 steps of SGD, Adam and RMSprop from PyTorch 1.13, with
 * the same gradient fed at every step. Checks every run at the file's tolerances: parameters
 * elementwise, and the change from the start normwise (a finer check of the update itself).
 */
import { createOptimizer, type Parameter } from './index';
import { CaseCheck, decodeArray, loadOracle, tallyOracleCases, type OracleTensor } from '../testing/oracle';

interface OptimOracle {
  tolerance: { params: { rtol: number; atol: number }; updates: { rtol: number } };
  param_sets: { name: string; params: OracleTensor[]; grads: OracleTensor[] }[];
  runs: { param_set: string; optimizer: string; hyperparams: Record<string, unknown>; after_step: OracleTensor[][] }[];
}

/** torch's snake_case hyperparameter names to ours (weight_decay -> weightDecay). */
function toOptions(hyperparams: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(hyperparams)) {
    out[key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())] = value;
  }
  return out;
}

const oracle = loadOracle<OptimOracle>('optim.json');

describe('oracle: optim.json', () => {
  if (oracle === null) {
    it.skip('optim.json not present in the oracle folder');
    return;
  }
  tallyOracleCases('optim.json');
  const { params: tolParams, updates: tolUpdates } = oracle.tolerance;

  for (const run of oracle.runs) {
    const label = `${run.optimizer} ${JSON.stringify(run.hyperparams)} on ${run.param_set}`;
    it(label, () => {
      const set = oracle.param_sets.find((s) => s.name === run.param_set);
      if (!set) throw new Error(`param set ${run.param_set} is missing`);
      const start = set.params.map((p) => decodeArray(p.data));
      const grads = set.grads.map((g) => decodeArray(g.data));
      const params: Parameter[] = start.map((p, i) => ({ data: Float64Array.from(p), grad: { data: Float64Array.from(grads[i]) } }));
      const optimizer = createOptimizer(run.optimizer, params, toOptions(run.hyperparams));
      const check = new CaseCheck();
      run.after_step.forEach((expectedParams, k) => {
        params.forEach((p, i) => p.grad?.data.set(grads[i])); // the same gradient at every step
        optimizer.step();
        expectedParams.forEach((e, i) => {
          const where = `step ${k + 1}, tensor ${i}`;
          const expected = decodeArray(e.data);
          check.elementwise(`${where} params`, params[i].data, expected, tolParams.rtol, tolParams.atol);
          const update = params[i].data.map((v, j) => v - start[i][j]);
          const expectedUpdate = expected.map((v, j) => v - start[i][j]);
          check.normwise(`${where} update`, update, expectedUpdate, tolUpdates.rtol);
        });
      });
      check.assertAll();
    });
  }
});
