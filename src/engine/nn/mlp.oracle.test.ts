/**
 * mlp_grads.json: deep MLPs (depth 1–16, sigmoid/tanh/relu, four init scales) with an MSE loss:
 * loss, ŷ, per-layer gradient norms, dL/dz norms, forward RMS, and full gradients where given.
 */
import { backward, mseLoss } from '../index';
import { MLP } from './mlp';
import { layerStats } from './instrument';
import { CaseCheck, decodeArray, describeOracle, toTensor, type OracleTensor } from '../testing/oracle';

interface Network { id: number; layer_sizes: number[]; weights: OracleTensor[]; biases: OracleTensor[] }
interface MlpCase {
  network: number; activation: string; depth: number; width: number; init: string;
  loss: number; yhat: OracleTensor;
  weight_grad_fro_norms: number[]; bias_grad_l2_norms: number[]; preact_grad_norm_mean: number[]; preact_rms: number[];
  full_grads: boolean; weight_grads: OracleTensor[] | null; bias_grads: OracleTensor[] | null;
}
interface MlpOracle {
  tolerance: { scalars: { rtol: number }; tensors: { rtol: number } };
  X: OracleTensor; Y: OracleTensor; networks: Network[]; cases: MlpCase[];
}

describeOracle<MlpOracle>('mlp_grads.json', (oracle) => {
  const rs = oracle.tolerance.scalars.rtol, rt = oracle.tolerance.tensors.rtol;

  for (const c of oracle.cases) {
    it(`depth ${c.depth}, width ${c.width}, ${c.init} init, ${c.activation}`, () => {
      const net = oracle.networks[c.network];
      const mlp = new MLP({
        sizes: net.layer_sizes,
        activation: c.activation,
        weights: net.weights.map((w) => decodeArray(w.data)),
        biases: net.biases.map((b) => decodeArray(b.data)),
      });
      const yhat = mlp.forward(toTensor(oracle.X), { trace: true });
      const loss = mseLoss(yhat, toTensor(oracle.Y));
      backward(loss);
      const stats = layerStats(mlp);
      const check = new CaseCheck();
      check.elementwise('loss', [loss.item()], [c.loss], rs, 0);
      check.normwise('yhat', yhat.data, decodeArray(c.yhat.data), rt);
      check.elementwise('weight_grad_fro_norms', stats.map((s) => s.weightGradNorm ?? NaN), c.weight_grad_fro_norms, rs, 0);
      check.elementwise('bias_grad_l2_norms', stats.map((s) => s.biasGradNorm ?? NaN), c.bias_grad_l2_norms, rs, 0);
      check.elementwise('preact_grad_norm_mean', stats.map((s) => s.preactGradNormMean ?? NaN), c.preact_grad_norm_mean, rs, 0);
      check.elementwise('preact_rms', stats.map((s) => s.preactRms), c.preact_rms, rs, 0);
      if (c.full_grads) {
        mlp.layers.forEach((layer, k) => {
          check.normwise(`weight_grads[${k}]`, layer.weight.grad!.data, decodeArray(c.weight_grads![k].data), rt);
          check.normwise(`bias_grads[${k}]`, layer.bias!.grad!.data, decodeArray(c.bias_grads![k].data), rt);
        });
      }
      check.assertAll();
    });
  }
});
