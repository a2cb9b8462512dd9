import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linear, Rng } from '../engine';
import { computeNetworkSlice, filterNormalizedDirection, principalDirections, project, SliceCancelled } from './networkSliceCompute';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const request = (file: string, extra: object = {}) => ({
  configText: readFileSync(join(EXAMPLES, file), 'utf8'), configPath: file, basis: 'random' as const, gridSize: 5, span: 1, samples: 64, maxSteps: 40, ...extra,
});

describe('network loss slice (Li et al. 2018)', () => {
  it('filter-normalizes: each row of a direction has the norm of the same row of the weights; biases get 0', () => {
    const layer = new Linear(6, 4, { rng: new Rng(3) });
    const d = filterNormalizedDirection(layer.parameters(), new Rng(9));
    const w = layer.weight.data;
    for (let r = 0; r < 4; r++) {
      const rowNorm = (a: ArrayLike<number>) => Math.hypot(...Array.from({ length: 6 }, (_, j) => a[r * 6 + j]));
      assert.ok(Math.abs(rowNorm(d) - rowNorm(w)) < 1e-12 * rowNorm(w));
    }
    assert.deepEqual([...d.subarray(24)], [0, 0, 0, 0]);
  });

  it('finds the principal directions of points on a plane, and projects onto any two directions', () => {
    const e1 = Float64Array.of(1, 0, 0), e2 = Float64Array.of(0, 1, 0);
    const pts = [[3, 0.5], [-2, 0.1], [1, -0.4], [-4, 0.2]].map(([a, b]) => Float64Array.of(a, b, 0));
    const { d1, d2, explained } = principalDirections(pts);
    // The leading eigenvector of C = Σ p pᵀ in the plane is at angle ½·atan2(2 c12, c11 − c22).
    const c11 = pts.reduce((s, p) => s + p[0] * p[0], 0), c22 = pts.reduce((s, p) => s + p[1] * p[1], 0), c12 = pts.reduce((s, p) => s + p[0] * p[1], 0);
    const angle = 0.5 * Math.atan2(2 * c12, c11 - c22);
    assert.ok(Math.abs(Math.abs(d1[0] * Math.cos(angle) + d1[1] * Math.sin(angle)) - 1) < 1e-9, `d1 = ${d1}`);
    assert.ok(Math.abs(d1[0] * d2[0] + d1[1] * d2[1]) < 1e-9 && d1[2] === 0 && d2[2] === 0);
    assert.ok(Math.abs(explained[0] + explained[1] - 1) < 1e-9 && explained[0] > explained[1]);
    assert.deepEqual(project(Float64Array.of(2, -3, 0), e1, Float64Array.of(1, 1, 0)), [5, -3]);
    assert.deepEqual(project(Float64Array.of(2, -3, 0), e1, e2), [2, -3]);
  });

  it('draws the loss around the trained parameters of a config, with the trajectory ending at the centre', async () => {
    const phases = new Set<string>();
    const r = await computeNetworkSlice(request('xor.gradlab.json'), {}, (_d, _t, phase) => phases.add(phase), () => false);
    assert.equal(r.values.length, 25);
    assert.deepEqual([...phases].sort(), ['grid', 'training']);
    assert.ok(r.values.every(Number.isFinite));
    assert.equal(r.values[12], r.centerLoss, 'the centre of the grid is θ*');
    const last = r.trajectory[r.trajectory.length - 1];
    assert.ok(Math.abs(last[0]) < 1e-12 && Math.abs(last[1]) < 1e-12);
    assert.ok(r.trajectory.length > 2);
    const pca = await computeNetworkSlice(request('xor.gradlab.json', { basis: 'pca' }), {}, () => undefined, () => false);
    assert.ok(pca.explained && pca.explained[0] >= pca.explained[1]);
    assert.equal(pca.centerLoss, r.centerLoss);
  });

  it('stops when cancelled, and reports a config that does not check', async () => {
    await assert.rejects(computeNetworkSlice(request('xor.gradlab.json'), {}, () => undefined, () => true), SliceCancelled);
    await assert.rejects(computeNetworkSlice({ ...request('xor.gradlab.json'), configText: '{ "seed": 1 }' }, {}, () => undefined, () => false), /xor\.gradlab\.json:\d+:\d+: error/);
  });
});
