/**
 * Which samples each optimizer step uses. Epoch e visits the training set in the order of a
 * permutation drawn from its own fork of the seed ("shuffle/epoch<e>"), so any epoch's order can
 * be computed without replaying the ones before it (the PyTorch export writes them all).
 */
import { Rng } from '../../engine';
import type { TrainingConfig } from '../config/types';

export function epochOrder(config: Pick<TrainingConfig, 'seed' | 'shuffle'>, size: number, epoch: number): number[] {
  if (!config.shuffle) return Array.from({ length: size }, (_, i) => i);
  return new Rng(config.seed).fork('shuffle').fork(`epoch${epoch}`).permutation(size);
}

/**
 * Batches of one epoch: consecutive slices of `batchSize`. With batch norm a final batch of a
 * single sample is dropped, since its batch variance is undefined (PyTorch raises an error there).
 */
export function epochBatches(order: readonly number[], batchSize: number, batchNorm: boolean): number[][] {
  const out: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    if (batch.length === 1 && batchNorm && out.length > 0) break;
    out.push(batch);
  }
  return out;
}

/** Steps in one epoch, consistent with epochBatches. */
export function batchesPerEpoch(size: number, batchSize: number, batchNorm: boolean): number {
  const full = Math.floor(size / batchSize);
  const rest = size % batchSize;
  return full + (rest > (batchNorm && full > 0 ? 1 : 0) ? 1 : 0);
}

export function plannedSteps(config: Pick<TrainingConfig, 'schedule' | 'batchSize' | 'data' | 'model'>): number {
  if ('steps' in config.schedule) return config.schedule.steps;
  return config.schedule.epochs * batchesPerEpoch(config.data.train, config.batchSize, config.model.batchNorm);
}
