/**
 * One training run over the engine, step by step, recording at the config's cadence what the
 * Gradients view and `gradlab train --json` show: loss, accuracies, per-layer gradient norms
 * (weights, biases, pre-activations), the global norm before and after clipping, update/weight
 * ratios, and where values first became non-finite if the run diverges.
 *
 * Deterministic: the same config and data give the same numbers (every random draw comes from a
 * named fork of the seed). `step()` is synchronous; `runTraining` (run.ts) drives it and yields.
 */
import {
  backward, clipGradNorm_, clipGradValue_, createOptimizer, crossEntropy, mseLoss, nllLoss, StepRecycler, takeBuffer, Tensor, totalGradNorm, vectorNorm,
  type MLP, type NormType, type Optimizer,
} from '../../engine';
import type { LayerRecord, StepRecord } from '../../protocol';
import type { TrainingConfig } from '../config/types';
import { gatherInputs, gatherLabels, type Dataset } from '../datasets';
import { backwardDivergence, forwardDivergence, weightDivergence, type Divergence } from './diagnose';
import { accuracyOf } from './evaluate';
import { buildModel, layerNames, type InitialParameters } from './model';
import { epochBatches, epochOrder, plannedSteps } from './schedule';

export interface StepOutcome {
  /** The record of this step, when the cadence (or a divergence) asks for one. */
  readonly record?: StepRecord;
  /** Set when values became non-finite at this step; the run must stop. */
  readonly divergence?: { readonly step: number; readonly layer: string; readonly message: string };
  /** True when test accuracy is due after this step (the cadence, or the last step). */
  readonly testDue: boolean;
}

export class Trainer {
  readonly model: MLP;
  readonly layerNames: readonly string[];
  readonly totalSteps: number;
  private readonly optimizer: Optimizer<unknown>;
  private stepCount = 0;
  /** 0-based epoch of the current batch (-1 before the first). */
  private epoch = -1;
  private batches: number[][] = [];
  private batchInEpoch = 0;
  /** Gives each step's arrays back to the engine's pool when the next begins: records take numbers, never arrays. */
  private readonly recycler = new StepRecycler(() => this.model.parameters());
  lastLoss = NaN;

  /**
   * `maxSteps` ends the run early (the CLI's --steps); the last step is recorded either way.
   * `initial` replaces the seeded initial weights (e.g. with the ones an export wrote).
   */
  constructor(readonly config: TrainingConfig, readonly dataset: Dataset, options: { maxSteps?: number; initial?: InitialParameters } = {}) {
    if (dataset.features !== config.model.widths[0] || dataset.classes !== config.model.widths[config.model.widths.length - 1]) {
      throw new Error(`the model's widths [${config.model.widths.join(', ')}] do not fit ${dataset.name} (${dataset.features} features, ${dataset.classes} classes)`);
    }
    this.model = buildModel(config, options.initial);
    this.layerNames = layerNames(config.model.widths);
    this.totalSteps = Math.min(plannedSteps(config), options.maxSteps ?? Infinity);
    this.optimizer = createOptimizer(config.optimizer.name, this.model.parameters(), { lr: config.optimizer.lr, ...config.optimizer.options });
  }

  get steps(): number {
    return this.stepCount;
  }

  /** 1-based epoch of the last batch (0 before any step). */
  get currentEpoch(): number {
    return this.epoch + 1;
  }

  get done(): boolean {
    return this.stepCount >= this.totalSteps;
  }

  /** Whether test accuracy is measured after step `s`: every `record.test_every` steps, else at epoch ends; and the last. */
  isTestDue(s: number, epochEnd: boolean): boolean {
    const every = this.config.record.testEvery;
    return s === this.totalSteps || (every > 0 ? s % every === 0 : epochEnd);
  }

  /** Whether step `s` is recorded: the first, every `record.every`-th, the last, and those with a test measurement. */
  isRecorded(s: number, testDue: boolean): boolean {
    return s === 1 || s % this.config.record.every === 0 || s === this.totalSteps || testDue;
  }

  private nextBatch(): number[] {
    if (this.batchInEpoch >= this.batches.length) {
      this.epoch++;
      this.batches = epochBatches(epochOrder(this.config, this.dataset.train.size, this.epoch), this.config.batchSize, this.config.model.batchNorm);
      this.batchInEpoch = 0;
    }
    return this.batches[this.batchInEpoch++];
  }

  /** Forward pass and loss on training samples `batch`, traced so the layer outputs keep their gradients. */
  loss(batch: readonly number[]): { loss: Tensor; outputs: Tensor; labels: Uint8Array } {
    const { features, classes } = this.dataset;
    // The batch goes into an array of the engine's pool: the step recycler gives it back with the step's other arrays.
    const inputs = gatherInputs(this.dataset.train, features, batch, takeBuffer(batch.length * features));
    const x = new Tensor(inputs, [batch.length, features]);
    const labels = gatherLabels(this.dataset.train, batch);
    const outputs = this.model.forward(x, { trace: true });
    // A softmax head with cross-entropy already outputs log-probabilities (see engineHead).
    const loss = this.config.loss === 'mse'
      ? mseLoss(outputs, oneHot(labels, classes))
      : this.config.model.head === 'softmax'
        ? nllLoss(outputs, Int32Array.from(labels))
        : crossEntropy(outputs, Int32Array.from(labels));
    return { loss, outputs, labels };
  }

  /** One optimizer step: forward, backward, clip, update; returns its record if one is due (always with `record`). */
  step(record = false): StepOutcome {
    if (this.done) throw new Error('the run is complete');
    // The previous step's trace goes back to the pool with the rest of that step's arrays (and its gradients are cleared).
    this.model.lastTrace = null;
    return this.recycler.run(() => this.optimizerStep(record));
  }

  private optimizerStep(record: boolean): StepOutcome {
    const s = ++this.stepCount;
    const batch = this.nextBatch();
    const testDue = this.isTestDue(s, this.batchInEpoch >= this.batches.length);
    const { loss, outputs, labels } = this.loss(batch);
    this.lastLoss = loss.item();
    const forward = Number.isFinite(this.lastLoss) ? undefined : forwardDivergence(this.model) ?? { layer: this.model.layers.length - 1, message: 'the loss became non-finite' };
    if (forward) return this.diverged(s, forward, outputs, labels, testDue);
    backward(loss);

    const params = this.model.parameters();
    const clip = this.config.clip;
    const normType = clip.mode === 'norm' ? clip.normType : 2;
    const before = totalGradNorm(params, normType);
    if (!Number.isFinite(before)) {
      return this.diverged(s, backwardDivergence(this.model) ?? this.normOverflow(normType), outputs, labels, testDue);
    }
    // Per-layer norms are the gradients backprop produced, before clipping rescales them.
    const recorded = record || this.isRecorded(s, testDue);
    const layersBefore = recorded ? this.layerGradients() : undefined;
    const weightsBefore = recorded ? this.model.layers.map((l) => Float64Array.from(l.weight.data)) : undefined;
    let clipped = false;
    if (clip.mode === 'norm') clipped = clipGradNorm_(params, clip.maxNorm, clip.normType).clipCoef < 1;
    else if (clip.mode === 'value') clipped = clipGradValue_(params, clip.value).clippedCount > 0;
    const after = clip.mode === 'none' ? before : totalGradNorm(params, normType);
    this.optimizer.step();
    const overflow = weightDivergence(this.model);
    if (overflow) return this.diverged(s, overflow, outputs, labels, testDue);
    if (!recorded || !layersBefore || !weightsBefore) return { testDue };

    const layers = layersBefore.map((l, k) => ({ ...l, update_ratio: updateRatio(weightsBefore[k], this.model.layers[k].weight.data) }));
    return {
      testDue,
      record: {
        step: s,
        epoch: this.epoch + 1,
        loss: this.lastLoss,
        layers,
        grad_norm_total: before,
        grad_norm_clipped: after,
        clipped,
        train_accuracy: accuracyOf(outputs.data, labels, this.dataset.classes),
      },
    };
  }

  /** Per-layer norms of the gradients now held (before clipping and the update). */
  private layerGradients(): LayerRecord[] {
    const trace = this.model.lastTrace?.layers ?? [];
    return this.model.layers.map((linear, k) => ({
      index: k + 1,
      name: this.layerNames[k],
      weight_grad_norm: linear.weight.grad ? vectorNorm(linear.weight.grad.data) : 0,
      bias_grad_norm: linear.bias?.grad ? vectorNorm(linear.bias.grad.data) : 0,
      grad_norm: trace[k]?.linearOut.grad ? vectorNorm(trace[k].linearOut.grad!.data) : 0,
      weight_norm: vectorNorm(linear.weight.data),
      update_ratio: 0,
    }));
  }

  /**
   * Every gradient is finite but their global norm is not: it overflowed (gradients beyond ~1e154).
   * Blame the layer with the largest weight gradient, where the growth ends up.
   */
  private normOverflow(normType: NormType): Divergence {
    let layer = 0;
    let largest = -1;
    this.model.layers.forEach((l, k) => {
      const n = l.weight.grad ? vectorNorm(l.weight.grad.data, 'inf') : 0;
      if (n > largest) [largest, layer] = [n, k];
    });
    if (typeof normType === 'number' && normType < 1 && largest < 1e150) {
      // Not large gradients: (sum |g|^p)^(1/p) with a tiny p raises the sum (about the number of
      // nonzero gradients, since |g|^p -> 1) to the huge power 1/p.
      return {
        layer,
        message: `clip.norm_type ${normType} makes the global gradient norm infinite although every gradient is at most ${largest.toExponential(1)}: ` +
          `the ${normType}-norm (sum |g|^p)^(1/p) raises a sum of about the number of nonzero gradients to the power 1/p = ${(1 / normType).toPrecision(3)}; use norm_type 1 or more (2 is usual, "inf" for the largest)`,
      };
    }
    return { layer, message: `the gradients grew so large (up to ${largest.toExponential(1)}) that their global norm overflowed (backward pass)` };
  }

  private diverged(s: number, d: Divergence, outputs: Tensor, labels: Uint8Array, testDue: boolean): StepOutcome {
    const layer = this.layerNames[d.layer];
    const layers = this.model.layers.map((linear, k) => ({
      index: k + 1,
      name: this.layerNames[k],
      weight_grad_norm: linear.weight.grad ? vectorNorm(linear.weight.grad.data) : NaN,
      bias_grad_norm: linear.bias?.grad ? vectorNorm(linear.bias.grad.data) : NaN,
      grad_norm: NaN,
      weight_norm: vectorNorm(linear.weight.data),
      update_ratio: NaN,
    }));
    return {
      testDue,
      divergence: { step: s, layer, message: `values became non-finite at step ${s} in ${layer}: ${d.message}` },
      record: {
        step: s, epoch: this.epoch + 1, loss: this.lastLoss, layers,
        grad_norm_total: NaN, grad_norm_clipped: NaN, clipped: false,
        train_accuracy: accuracyOf(outputs.data, labels, this.dataset.classes),
      },
    };
  }
}

/** ||W_after - W_before|| / ||W_before|| (0 for an all-zero W that stayed zero). */
function updateRatio(before: Float64Array, after: Float64Array): number {
  let diff = 0;
  let base = 0;
  for (let i = 0; i < before.length; i++) {
    const d = after[i] - before[i];
    diff += d * d;
    base += before[i] * before[i];
  }
  if (base === 0) return diff === 0 ? 0 : Infinity;
  return Math.sqrt(diff / base);
}

function oneHot(labels: Uint8Array, classes: number): Tensor {
  const out = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] = 1;
  return new Tensor(out, [labels.length, classes]);
}
