/** Step records for unit tests of the live history, state and charts (not shipped: nothing imports it). */
import type { LayerRecord, StepRecord } from '../../protocol';

export function layerRecord(index: number, norm: number, name = `linear${index}`): LayerRecord {
  return { index, name, weight_grad_norm: norm, bias_grad_norm: norm / 10, grad_norm: norm, weight_norm: 1, update_ratio: 0 };
}

/** A record with one layer per norm; loss 1/step, nothing clipped unless `extra` says so. */
export function stepRecord(step: number, norms: readonly number[], extra: Partial<StepRecord> = {}): StepRecord {
  return {
    step,
    epoch: 1,
    loss: 1 / step,
    layers: norms.map((n, i) => layerRecord(i + 1, n)),
    grad_norm_total: Math.hypot(...norms),
    grad_norm_clipped: Math.hypot(...norms),
    clipped: false,
    ...extra,
  };
}
