/** One whole run of the comparison at a depth, in milliseconds: trainingComparison.ts calls it in Node and bundles it for the page. */
import { clippingTrainingSteps } from '../../src/analysis/depth/training';
import { DEFAULT_DEPTH_SETTINGS, DEFAULT_TRAINING_SETTINGS } from '../../src/analysis/depth/settings';

export function run(depth: number): number {
  const t = performance.now();
  const steps = clippingTrainingSteps({ ...DEFAULT_DEPTH_SETTINGS, depth, clip: 'norm' }, DEFAULT_TRAINING_SETTINGS);
  while (!steps.next().done) { /* each report is a snapshot the panel would draw */ }
  return performance.now() - t;
}
