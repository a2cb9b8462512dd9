/**
 * The clipping story as a training run: two copies of the same network (same seed, so the same
 * initial weights) trained with plain SGD on the same batch, one with the chosen clipping and one
 * without, recording the loss, the gradient norm before clipping and the steps at which clipping
 * acted. A run whose loss stops being finite is marked diverged and stops there.
 *
 * A generator: it yields the comparison so far every few steps, so a worker can report progress and
 * a cancellation is seen between steps.
 */
import { SGD, StepRecycler, backward as backprop, clipGradients_, totalGradNorm } from '../../engine';
import { resolveDepthActivation } from './activation';
import { checkDepthSettings } from './analysis';
import { clipSpec } from './clipping';
import { buildDepthNetwork, forward, networkParameters, type DepthNetwork } from './network';
import { assertNoProblems, normalizeTrainingSettings, type DepthSettings, type TrainingSettings } from './settings';
import type { TrainingComparison, TrainingCurve } from './types';

/** Steps between progress reports. */
const REPORT_EVERY = 5;

interface Run {
  readonly net: DepthNetwork;
  /** Gives each step's arrays back to the engine's pool when the next begins (the run keeps only numbers). */
  readonly recycler: StepRecycler;
  readonly optimizer: SGD;
  readonly clip: boolean;
  readonly losses: number[];
  readonly gradNorms: number[];
  readonly clipEvents: number[];
  divergedAt: number | null;
}

function newRun(settings: DepthSettings, training: TrainingSettings, clip: boolean): Run {
  const net = buildDepthNetwork(settings, resolveDepthActivation(settings));
  const optimizer = new SGD(networkParameters(net), { lr: training.learningRate });
  const recycler = new StepRecycler(() => networkParameters(net));
  return { net, recycler, optimizer, clip, losses: [], gradNorms: [], clipEvents: [], divergedAt: null };
}

function step(run: Run, index: number): void {
  if (run.divergedAt !== null) return;
  run.recycler.run(() => optimizerStep(run, index));
}

function optimizerStep(run: Run, index: number): void {
  const params = networkParameters(run.net);
  const { loss } = forward(run.net);
  const value = loss.item();
  if (!Number.isFinite(value)) {
    run.divergedAt = index;
    run.losses.push(NaN);
    run.gradNorms.push(NaN);
    return;
  }
  backprop(loss);
  run.losses.push(value);
  run.gradNorms.push(totalGradNorm(params));
  if (run.clip && clipGradients_(params, clipSpec(run.net.settings)).active) run.clipEvents.push(index);
  run.optimizer.step();
}

function curve(run: Run): TrainingCurve {
  return { losses: [...run.losses], gradNorms: [...run.gradNorms], clipEvents: [...run.clipEvents], divergedAt: run.divergedAt };
}

export function* clippingTrainingSteps(
  partial: DepthSettings, trainingPartial: TrainingSettings,
): Generator<TrainingComparison, TrainingComparison> {
  const settings = checkDepthSettings(partial);
  const checked = normalizeTrainingSettings(trainingPartial);
  assertNoProblems(checked.problems);
  const training = checked.settings;
  const unclipped = newRun(settings, training, false);
  const clipped = newRun(settings, training, true);
  const snapshot = (stepsDone: number): TrainingComparison => ({
    settings, training, unclipped: curve(unclipped), clipped: curve(clipped), stepsDone,
  });
  for (let i = 0; i < training.steps; i++) {
    step(unclipped, i);
    step(clipped, i);
    if (unclipped.divergedAt !== null && clipped.divergedAt !== null) return snapshot(i + 1);
    if ((i + 1) % REPORT_EVERY === 0 && i + 1 < training.steps) yield snapshot(i + 1);
  }
  return snapshot(training.steps);
}
