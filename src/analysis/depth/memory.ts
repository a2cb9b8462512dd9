/**
 * The memory one depth-explorer analysis takes (a forward and backward pass of depth × width on a
 * batch, with everything autograd keeps), estimated from the settings before anything is built, so
 * `gradlab depth` can refuse settings past the memory limit with a number. Calibrated against the
 * peak resident memory of analyses (src/analysis/depthMemory.test.ts): within a factor 2.
 */
import { activationOps } from '../../training/config/activationChecks';
import { RUNTIME_BYTES } from '../../training/config/memory';
import { CUSTOM_ACTIVATION, type DepthSettings } from './settings';

/** Arrays per hidden element: the linear layer's and the theory's, batch norm's, the skip connection's. */
const BASE_COPIES = 4;
const BATCH_NORM_COPIES = 7;
const RESIDUAL_COPIES = 2;
/** Parameters: values, gradients and the clipped copy. */
const PARAMETER_COPIES = 3;

export function estimateDepthMemory(s: DepthSettings): number {
  const ops = s.activation === CUSTOM_ACTIVATION ? activationOps({ expression: s.expression }) : 1;
  const copies = BASE_COPIES + 2 * (ops - 1) + (s.batchNorm ? BATCH_NORM_COPIES : 0) + (s.residual ? RESIDUAL_COPIES : 0);
  const parameters = s.depth * (s.width * s.width + s.width) + s.width + 1;
  return 8 * (parameters * PARAMETER_COPIES + s.depth * s.width * s.batchSize * copies) + RUNTIME_BYTES;
}
