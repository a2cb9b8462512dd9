/**
 * The speed fork of an activation's backward. A backward that is not being recorded (createGraph
 * false: the training hot path) computes the input gradient in one pass with this, instead of the
 * two or three ops of its teaching form in ops/; a recorded backward keeps the op-by-op form, which
 * can be differentiated again.
 */
import { Tensor } from '../tensor';
import { takeBuffer } from './bufferPool';

/** out[i] = f(g[i], s[i]) in one pass, with no history. */
export function fusedBackward(
  g: Tensor, saved: Tensor, kernel: (g: Float64Array, s: Float64Array, out: Float64Array) => void,
): Tensor {
  const out = takeBuffer(g.size);
  kernel(g.data, saved.data, out);
  return new Tensor(out, g.shape);
}
