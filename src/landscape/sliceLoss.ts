/**
 * The training loss of one network at many parameter points, for the slice's grid: 1681 forward
 * passes of the same network over the same samples. It is MLP.forward followed by the loss that
 * Trainer.loss takes, with the engine's own kernels and ops, but the input is gathered once and each
 * linear layer writes into a buffer allocated once: through `linear`, every pass would allocate
 * (and the garbage collector reclaim) a fresh output per layer. `sliceLoss.test.ts` checks that the
 * losses equal Trainer.loss's.
 */
import { add, crossEntropy, mseLoss, nllLoss, noGrad, Tensor } from '../engine';
import { gemm } from '../engine/kernels/gemm';
import { gatherInputs, gatherLabels } from '../training/datasets';
import type { Trainer } from '../training/trainer';

/** A function giving the loss at the model's current parameters over the samples `batch`. */
export function sliceLoss(trainer: Trainer, batch: readonly number[]): () => number {
  const { model, config, dataset } = trainer;
  const m = batch.length;
  const x = new Tensor(gatherInputs(dataset.train, dataset.features, batch), [m, dataset.features]);
  const labels = gatherLabels(dataset.train, batch);
  const targets = config.loss === 'mse' ? oneHot(labels, dataset.classes) : Int32Array.from(labels);
  // A softmax head with cross-entropy already outputs log-probabilities (as in Trainer.loss).
  const loss = (outputs: Tensor) => targets instanceof Tensor
    ? mseLoss(outputs, targets)
    : config.model.head === 'softmax' ? nllLoss(outputs, targets) : crossEntropy(outputs, targets);
  const buffers = model.layers.map((l) => new Float64Array(m * l.outFeatures));

  /** z = h·Wᵀ + b into the layer's buffer: the product `linear` computes, with the same kernel. */
  const linear = (k: number, h: Tensor): Tensor => {
    const { weight, bias, inFeatures, outFeatures } = model.layers[k];
    gemm(
      { data: h.data, rowStride: inFeatures, colStride: 1 }, { data: weight.data, rowStride: 1, colStride: inFeatures },
      buffers[k], m, outFeatures, inFeatures, bias?.data ?? null,
    );
    return new Tensor(buffers[k], [m, outFeatures]);
  };

  return () => noGrad(() => {
    let h = x;
    for (let k = 0; k < model.depth; k++) {
      const z = linear(k, h);
      const u = model.norms.length > 0 ? model.norms[k].forward(z) : z;
      const { spec, params } = model.activations[k];
      const a = spec.name === 'relu' && u === z ? reluInPlace(z) : spec.apply(u, params);
      h = model.residual && h.shape[1] === a.shape[1] ? add(h, a) : a;
    }
    const y = model.head.spec.apply(linear(model.depth, h), model.head.params);
    return loss(y).item();
  });
}

/** The engine's relu (v <= 0 ? 0 : v, NaN kept), in place: the commonest activation without an allocation. */
function reluInPlace(t: Tensor): Tensor {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    d[i] = v <= 0 ? 0 : v;
  }
  return t;
}

function oneHot(labels: Uint8Array, classes: number): Tensor {
  const out = new Float64Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) out[i * classes + labels[i]] = 1;
  return new Tensor(out, [labels.length, classes]);
}
