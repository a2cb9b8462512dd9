/**
 * Training: the records a run produces (the same objects `gradlab train --json` prints, one per
 * recorded step, hence the snake_case), and the messages between the extension host and the
 * training worker. The trainer (src/training) produces these; the worker forwards them; the
 * Gradients view and the training panel draw them.
 */

import type { TrainingConfig } from '../training/config/types';

export interface LayerRecord {
  /** 1 = the first layer after the input. */
  readonly index: number;
  /** e.g. "linear1", "linear2 (output)". */
  readonly name: string;
  readonly weight_grad_norm: number;
  readonly bias_grad_norm: number;
  /** Norm of dL/d(pre-activation) over the batch. */
  readonly grad_norm: number;
  readonly weight_norm: number;
  /** ||update|| / ||W|| of the step that followed these gradients (0 before any update). */
  readonly update_ratio: number;
}

export interface StepRecord {
  /** 1-based optimizer step; step 1's gradients are those at the initial weights. */
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly layers: readonly LayerRecord[];
  /** Global gradient norm before clipping, and after it (equal when nothing was clipped). */
  readonly grad_norm_total: number;
  readonly grad_norm_clipped: number;
  readonly clipped: boolean;
  /** Measured on the recorded batch / the test set, when the cadence asks for it. */
  readonly train_accuracy?: number;
  readonly test_accuracy?: number;
}

export interface RunSummary {
  readonly final_loss: number;
  readonly train_accuracy: number;
  readonly test_accuracy: number;
  readonly seconds: number;
  readonly steps: number;
  readonly status: 'completed' | 'cancelled' | 'diverged';
  /** For a diverged run: where values first became non-finite. */
  readonly message?: string;
  readonly diverged_at?: { readonly step: number; readonly layer: string };
}

/** For MNIST runs: what the training panel shows after (or during) a run. */
export interface ClassificationReport {
  readonly classes: number;
  /** confusion[true][predicted], row-major, classes x classes. */
  readonly confusion: readonly number[];
  /** Up to a few dozen misclassified test samples: 28x28 grayscale bytes (0..255), base64. */
  readonly misclassified: ReadonlyArray<{ readonly pixels: string; readonly label: number; readonly predicted: number }>;
}

/** For 2-D datasets: the samples the training panel scatters (at most a few thousand of each split). */
export interface ScatterData {
  readonly classes: number;
  /** x0, y0, x1, y1, ... */
  readonly train: readonly number[];
  readonly trainLabels: readonly number[];
  readonly test: readonly number[];
  readonly testLabels: readonly number[];
}

/**
 * The model's class probabilities over a size x size grid covering [xMin, xMax] x [yMin, yMax],
 * row 0 at yMax (the top, as drawn). Per cell, row-major, base64 bytes: the most probable class,
 * and how sure the model is of it, 0 (1/classes: no idea) .. 255 (certain).
 */
export interface BoundaryGrid {
  readonly step: number;
  readonly size: number;
  readonly classes: number;
  readonly xMin: number;
  readonly xMax: number;
  readonly yMin: number;
  readonly yMax: number;
  readonly predicted: string;
  readonly confidence: string;
}

export interface RunDescription {
  readonly runId: number;
  readonly configPath: string;
  readonly layerNames: readonly string[];
  readonly totalSteps: number;
  readonly dataset: string;
  /** Epochs the run is planned for (the config's "epochs", or fewer when maxSteps cuts it short). */
  readonly epochs?: number;
}

/**
 * How fast a run plays: optimizer steps per second (0 = as fast as possible), or paused. A paused
 * run waits between two steps; "step once" runs exactly one batch and records it.
 */
export interface Playback {
  readonly stepsPerSecond: number;
  readonly paused: boolean;
}

/** The speeds the pages offer; 0 is "as fast as possible". */
export const PLAYBACK_SPEEDS: readonly number[] = [5, 10, 20, 40, 100, 250, 1000, 0];
/** The default: the shortest shipped example (200 steps) then takes 5 s to watch. */
export const DEFAULT_STEPS_PER_SECOND = 40;

// ---- host -> training worker ----
export type ToTrainingWorker =
  | {
      readonly type: 'start';
      readonly runId: number;
      /**
       * The config as the host checked it (syntax, schema, semantics, the memory limit): plain data,
       * cloned across, not parsed again. Its path locates relative data folders and names the run.
       */
      readonly config: TrainingConfig;
      readonly configPath: string;
      /** Absolute folder of the extension's packed data files (media/data). */
      readonly dataDir: string;
      readonly maxSteps?: number;
      /** The gradientLab.mnistIdxFolder setting, for "mnist-idx" configs that name no folder. */
      readonly mnistIdxFolder?: string;
      /** Where else a "mnist-full" config's files may be, in order (the extension's download). */
      readonly fullMnistFolders?: readonly string[];
      /** How fast to play it (as fast as possible when absent). */
      readonly playback?: Playback;
    }
  | { readonly type: 'cancel'; readonly runId: number }
  | { readonly type: 'playback'; readonly runId: number; readonly playback: Playback }
  /** While paused: run exactly one more batch, and record it. */
  | { readonly type: 'stepOnce'; readonly runId: number };

// ---- training worker -> host ----
export type FromTrainingWorker =
  | { readonly type: 'started'; readonly run: RunDescription }
  | { readonly type: 'records'; readonly runId: number; readonly records: readonly StepRecord[] }
  | { readonly type: 'scatter'; readonly runId: number; readonly data: ScatterData }
  /** The decision boundary now, for 2-D datasets: a few times per second while training, and at the end. */
  | { readonly type: 'boundary'; readonly runId: number; readonly boundary: BoundaryGrid }
  /** Where the run is, recorded or not: after each batch of records, and when it pauses. */
  | { readonly type: 'progress'; readonly runId: number; readonly step: number; readonly epoch: number }
  | { readonly type: 'report'; readonly runId: number; readonly report: ClassificationReport }
  | { readonly type: 'finished'; readonly runId: number; readonly summary: RunSummary }
  | { readonly type: 'failed'; readonly runId: number; readonly message: string };
