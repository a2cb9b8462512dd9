/** The steps of each engine item, built the same way in Node and in the web worker. */
import type { Step } from '../job';
import { gradlabStep } from '../workloads/gradlab';
import { peakStepsFrom } from '../workloads/peak';
import { W2_DEPTH } from '../workloads/spec';
import type { EngineItem } from './measureWall';

export function engineSteps(peakBytes: Uint8Array<ArrayBuffer>): (item: EngineItem) => Step {
  const peak = peakStepsFrom(peakBytes);
  const built = new Map<EngineItem, Step>();
  return (item) => {
    let step = built.get(item);
    if (step === undefined) {
      step = item === 'f64x2' || item === 'f32x4' ? peak[item] : gradlabStep(item, W2_DEPTH);
      built.set(item, step);
    }
    return step;
  };
}
