/**
 * Smoke test of `npm run bench`: one real run with minimal steps checks that every backend runs,
 * that the JSON rows have the documented shape and that all backends compute the same loss.
 * It never asserts on speed: CI machines differ, and speed is what the benchmark reports, not a test.
 */

import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { matmulBlocked4x4 } from '../../bench/workloads/plainMatmul';
import { fitLine, median, quantile } from '../../bench/stats';
import { isReferenceBlas, pytorchHeader } from '../../bench/workloads/pytorch';
import { PEAK_KINDS, peakModuleText } from '../../bench/workloads/peak';
import { Rng, Tensor, matmul } from '../../src/engine/index';

const root = join(__dirname, '..', '..');

describe('bench', function () {
  this.timeout(60_000);

  it('the plain-JS reference kernel multiplies like the engine, edges included', () => {
    const rng = new Rng('bench-test');
    for (const [m, k, n] of [[1, 1, 1], [5, 3, 7], [8, 8, 8], [6, 9, 10], [13, 17, 4]]) {
      const a = rng.fillNormal(new Float64Array(m * k));
      const b = rng.fillNormal(new Float64Array(k * n));
      const c = new Float64Array(m * n).fill(NaN);
      matmulBlocked4x4(a, b, c, m, k, n);
      const expected = matmul(new Tensor(a, [m, k]), new Tensor(b, [k, n])).data;
      c.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-12, `${m}x${k}@${k}x${n} at ${i}: ${v} vs ${expected[i]}`));
    }
  });

  it('the SIMD peak loop does every multiplication it counts: eight different products of values read from memory', () => {
    // V8 computes a repeated product once, and rebuilds a constant vector inside the loop at each use even when it
    // was set before it: either makes the "peak" something other than eight mul+add pairs an iteration (the first
    // version had both).
    const text = peakModuleText();
    for (const kind of PEAK_KINDS) {
      const func = text.slice(text.indexOf(`(func (export "${kind}")`));
      const loop = func.slice(func.indexOf('(loop $l'), func.indexOf('(br $l)'));
      const products = [...loop.matchAll(/\.mul \(local\.get (\$\w+)\) \(local\.get (\$\w+)\)\)/g)].map((m) => [m[1], m[2]]);
      assert.equal(products.length, 8, kind);
      assert.equal(new Set(products.map((p) => p.join('·'))).size, 8, `${kind}: ${products.join(' ')}`);
      for (const operand of new Set(products.flat())) {
        const sets = [...func.matchAll(new RegExp(`\\(local\\.set \\${operand} \\((\\S+)`, 'g'))].map((m) => m[1]);
        assert.ok(sets.length > 0 && sets.every((op) => op.startsWith('v128.load')), `${kind}: ${operand} is set by ${sets.join(', ')}`);
      }
    }
  });

  it('summarises samples with quantiles and a least-squares line', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(quantile([0, 10], 0.25), 2.5);
    const fit = fitLine([1, 2, 4, 8], [3, 5, 9, 17]);
    assert.ok(Math.abs(fit.slope - 2) < 1e-12 && Math.abs(fit.intercept - 1) < 1e-12 && Math.abs(fit.r2 - 1) < 1e-12);
    assert.ok(fitLine([1, 2, 3, 4], [1, 4, 9, 16]).r2 < 1);
  });

  it('says which BLAS PyTorch ran with, and warns when it is the reference BLAS (no yardstick)', () => {
    const reference = '/usr/lib/x86_64-linux-gnu/blas/libblas.so.3';
    const openblas = '/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3';
    assert.ok(isReferenceBlas(reference));
    assert.ok(!isReferenceBlas(openblas) && !isReferenceBlas(null));
    assert.match(pytorchHeader({ version: '1.13.0a0', blas: reference }), /BLAS \/usr\/lib\/x86_64-linux-gnu\/blas\/libblas\.so\.3\.\nWARNING: .*install libopenblas0/);
    assert.doesNotMatch(pytorchHeader({ version: '1.13.0a0', blas: openblas }), /WARNING/);
    assert.match(pytorchHeader(null), /skipped: no PyTorch/);
  });

  it('npm run bench -- --quick --json prints one row per depth and backend, with ratios and the depth fit', async () => {
    // W3 at two depths: the smallest run that exercises every backend, the depth rows and the fit.
    const { stdout } = await promisify(execFile)(
      process.execPath, [join(root, 'bench/run.mjs'), '--quick', '--json', '--only', 'W3', '--depths', '1,2'],
      { cwd: root, maxBuffer: 1 << 20 },
    );
    const rows = stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(rows.length, 6);
    for (const row of rows) {
      assert.equal(row.workload, 'W3 depth sweep');
      assert.ok(['gradlab', 'tfjs-cpu', 'tfjs-wasm'].includes(row.backend as string), String(row.backend));
      for (const field of ['median_ms', 'cpu_median_ms', 'wall_median_ms']) {
        const v = row[field];
        assert.ok(typeof v === 'number' && v > 0 && Number.isFinite(v), `${field} = ${v}`);
      }
      assert.equal(row.clock, 'cpu');
      assert.equal(row.median_ms, row.cpu_median_ms);
      assert.equal(row.samples, 3);
      assert.ok(row.depth === 1 || row.depth === 2, `depth ${row.depth}`);
      if (row.backend === 'gradlab') {
        for (const ratio of ['speedup_vs_tfjs_cpu', 'speedup_vs_tfjs_wasm']) {
          assert.ok(typeof row[ratio] === 'number' && (row[ratio] as number) > 0, `${ratio} on ${row.workload}`);
        }
        // The engine and both tfjs backends start from the same numbers: their losses agree.
        assert.equal(row.checks_agree, true, `losses differ at depth ${row.depth}`);
      }
    }
    const depths = rows.filter((r) => r.backend === 'gradlab').map((r) => r.depth);
    assert.deepEqual(depths, [1, 2]);
    assert.ok(rows.every((r) => typeof r.fit_ms_per_layer === 'number' && typeof r.ms_per_layer === 'number'));
  });
});
