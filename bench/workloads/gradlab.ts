/**
 * W1–W5 on Gradient Lab's engine, written the way the product uses it: the `MLP` builder,
 * `crossEntropy`/`mseLoss`, `backward` into `.grad`, SGD from the engine's optimizers, each step run
 * in a `StepRecycler` as the trainer runs its steps (it clears the gradients like torch's
 * zero_grad(set_to_none=True) and gives the previous step's arrays back to the engine's pool), and
 * the activation registry with `grad` for derivatives (as the plots get them); inputs lie in the engine's pool, as the
 * trainer's batches do. float64 throughout.
 */

import { MLP, SGD, StepRecycler, Tensor, backward, crossEntropy, getActivation, grad, mseLoss, takeBuffer } from '../../src/engine/index';
import type { Step } from '../job';
import {
  BATCH, GRID_ACTIVATIONS, GRID_PROBES, LEARNING_RATE, PIXELS,
  type ClassBatch, type LayerInit, type WorkloadId,
  deepMlpInputs, gridPoints, mnistMlpInputs, softmaxRegressionInputs,
} from './spec';

export function gradlabStep(workload: WorkloadId, depth: number): Step {
  switch (workload) {
    case 'W1': {
      const { batch, layer } = softmaxRegressionInputs();
      return classifierStep(batch, [layer]);
    }
    case 'W4': {
      const { batch, layers } = mnistMlpInputs();
      return classifierStep(batch, layers);
    }
    case 'W2':
    case 'W3':
      return deepMlpStep(depth);
    case 'W5':
      return activationGridStep();
  }
}

/**
 * The engine's MLP with the shared starting values: each [fanIn, fanOut] init is transposed into
 * PyTorch's [out, in] layout; biases start at zero.
 */
function mlp(inits: readonly LayerInit[], activation: string): MLP {
  const weights = inits.map(({ fanIn, fanOut, weight }) => {
    const w = new Float64Array(fanIn * fanOut);
    for (let i = 0; i < fanIn; i++) for (let o = 0; o < fanOut; o++) w[o * fanIn + i] = weight[i * fanOut + o];
    return w;
  });
  const sizes = [inits[0].fanIn, ...inits.map((l) => l.fanOut)];
  return new MLP({ sizes, activation, weights, biases: inits.map((l) => new Float64Array(l.fanOut)) });
}

/**
 * A tensor of `values` in an array of the engine's pool: where the trainer puts each batch it gathers (trainer.ts), so
 * the kernels read it in place, as PyTorch's steps read their input from its own allocator's memory.
 */
function pooled(values: ArrayLike<number>, shape: number[]): Tensor {
  const data = takeBuffer(values.length);
  data.set(values);
  return new Tensor(data, shape);
}

/** W1 and W4: relu between layers, cross-entropy (NLL of log_softmax), SGD. */
function classifierStep(batch: ClassBatch, inits: LayerInit[]): Step {
  const x = pooled(batch.x, [BATCH, PIXELS]);
  const model = mlp(inits, 'relu');
  const optimizer = new SGD(model.parameters(), { lr: LEARNING_RATE });
  const recycler = new StepRecycler(() => model.parameters());
  return () => recycler.run(() => {
    const loss = crossEntropy(model.forward(x), batch.labels);
    backward(loss);
    optimizer.step();
    return loss.item();
  });
}

/** W2/W3: forward and the gradients of all weights and biases; no update. */
function deepMlpStep(depth: number): Step {
  const inputs = deepMlpInputs(depth);
  const x = pooled(inputs.x, [BATCH, 2]);
  const target = pooled(inputs.target, [BATCH, 1]);
  const model = mlp(inputs.layers, 'tanh');
  const recycler = new StepRecycler(() => model.parameters());
  return () => recycler.run(() => {
    const loss = mseLoss(model.forward(x), target);
    backward(loss);
    return loss.item();
  });
}

/** W5: f and f' of six activations on 2001 points (f' from autograd, as the plots get it). */
function activationGridStep(): Step {
  const x = new Tensor(gridPoints(), [gridPoints().length], true);
  const ones = Tensor.ones(x.shape);
  const fns = GRID_ACTIVATIONS.map((name) => getActivation(name));
  return () => {
    let probe = 0;
    for (const f of fns) {
      const y = f.apply(x);
      const [dy] = grad(y, x, { gradOutputs: ones });
      for (const i of GRID_PROBES) probe += y.data[i] + dy.data[i];
    }
    return probe;
  };
}
