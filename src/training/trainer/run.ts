/**
 * Drives a Trainer to the end, a cancellation or a divergence, handing out records as they come.
 * It yields to the event loop every few milliseconds so the worker hosting it can receive a
 * cancel message between two steps, and it measures test accuracy at the config's cadence.
 */
import type { ClassificationReport, RunSummary, StepRecord } from '../../protocol';
import type { TrainingConfig } from '../config/types';
import type { Dataset } from '../datasets';
import { accuracy, classificationReport, predict } from './evaluate';
import type { InitialParameters } from './model';
import { Trainer } from './trainer';

export interface RunOptions {
  readonly config: TrainingConfig;
  readonly dataset: Dataset;
  /** Stop after this many optimizer steps (the CLI's --steps). */
  readonly maxSteps?: number;
  readonly initial?: InitialParameters;
  readonly onStart?: (trainer: Trainer) => void;
  /** `single`: the step was let through one at a time while paused (always recorded: send it now). */
  readonly onRecord: (record: StepRecord, single?: boolean) => void;
  /** After every completed step (not a diverged one); `single` as for onRecord. */
  readonly onStep?: (trainer: Trainer, single: boolean) => void;
  /** Awaited before every step: paces the run for watching (see Pacer). */
  readonly pace?: { next(): Promise<'single' | 'play' | 'stopped'> };
  /** For image data: the confusion matrix and misclassified digits, at each test measurement. */
  readonly onReport?: (report: ClassificationReport) => void;
  /** Checked between steps; true stops the run with status 'cancelled'. */
  readonly isCancelled?: () => boolean;
  /** Milliseconds clock (Date.now by default). */
  readonly now?: () => number;
  /** Longest stretch of steps between two yields to the event loop. */
  readonly yieldEveryMs?: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function runTraining(options: RunOptions): Promise<RunSummary> {
  const now = options.now ?? Date.now;
  const started = now();
  const { config, dataset } = options;
  const trainer = new Trainer(config, dataset, { maxSteps: options.maxSteps, initial: options.initial });
  options.onStart?.(trainer);
  const limit = trainer.totalSteps;
  let lastYield = now();
  let testAccuracy = NaN;

  const measureTest = (): number => {
    const predictions = predict(trainer.model, dataset.test, dataset.features, dataset.classes);
    if (options.onReport && dataset.imageSide !== undefined) options.onReport(classificationReport(dataset, predictions));
    return accuracy(predictions, dataset.test.labels);
  };

  const finish = (status: RunSummary['status'], extra: Partial<RunSummary> = {}): RunSummary => {
    const trainPredictions = predict(trainer.model, dataset.train, dataset.features, dataset.classes);
    if (status !== 'diverged' && (trainer.steps === 0 || Number.isNaN(testAccuracy))) testAccuracy = measureTest();
    return {
      final_loss: trainer.lastLoss,
      train_accuracy: accuracy(trainPredictions, dataset.train.labels),
      test_accuracy: testAccuracy,
      seconds: (now() - started) / 1000,
      steps: trainer.steps,
      status,
      ...extra,
    };
  };

  while (trainer.steps < limit) {
    if (options.isCancelled?.()) return finish('cancelled');
    const pace = options.pace ? await options.pace.next() : 'play';
    if (pace === 'stopped' || options.isCancelled?.()) return finish('cancelled');
    const single = pace === 'single';
    const outcome = trainer.step(single);
    if (outcome.divergence) {
      if (outcome.record) options.onRecord(outcome.record, single);
      const { step, layer, message } = outcome.divergence;
      return finish('diverged', { message, diverged_at: { step, layer } });
    }
    if (outcome.testDue) testAccuracy = measureTest();
    if (outcome.record) options.onRecord(outcome.testDue ? { ...outcome.record, test_accuracy: testAccuracy } : outcome.record, single);
    options.onStep?.(trainer, single);
    if (now() - lastYield >= (options.yieldEveryMs ?? 15)) {
      await yieldToEventLoop();
      lastYield = now();
    }
  }
  return finish('completed');
}
