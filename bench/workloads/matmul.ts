/**
 * The matmul comparison: the engine's public `matmul` (allocating its output tensor, as every op
 * does) against the plain-JS reference kernel writing into a preallocated array, on the same
 * seeded operands. The step returns two entries of C so both sides can be checked against each
 * other.
 */

import { Rng, Tensor, matmul } from '../../src/engine/index';
import type { MatmulBackend, MatmulSize, Step } from '../job';
import { matmulBlocked4x4 } from './plainMatmul';

export function matmulStep(backend: MatmulBackend, { m, k, n }: MatmulSize): Step {
  const rng = new Rng(`bench-matmul-${m}-${k}-${n}`);
  const a = rng.fillNormal(new Float64Array(m * k));
  const b = rng.fillNormal(new Float64Array(k * n));
  if (backend === 'plain-js') {
    const c = new Float64Array(m * n);
    return () => {
      matmulBlocked4x4(a, b, c, m, k, n);
      return c[0] + c[m * n - 1];
    };
  }
  const ta = new Tensor(a, [m, k]);
  const tb = new Tensor(b, [k, n]);
  return () => {
    const c = matmul(ta, tb).data;
    return c[0] + c[m * n - 1];
  };
}
