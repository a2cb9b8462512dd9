/**
 * W1–W5 on Gradient Lab's engine, written the way the product uses it: PyTorch-layout `linear`
 * layers, `crossEntropy`/`mseLoss`, `backward` into `.grad` (cleared to null before each step,
 * torch's set_to_none), SGD from the engine's optimizers, the activation registry with `grad` for
 * derivatives (as the plots get them). float64 throughout.
 */

import {
  SGD, Tensor, backward, crossEntropy, getActivation, grad, linear, mseLoss, relu, tanh,
  type Tensor as T,
} from '../../src/engine/index';
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

interface Dense {
  readonly weight: T; // [fanOut, fanIn], PyTorch's layout
  readonly bias: T;
}

/** The shared [fanIn, fanOut] init, transposed into PyTorch's [out, in] layout. */
function dense(init: LayerInit): Dense {
  const { fanIn, fanOut } = init;
  const w = new Float64Array(fanIn * fanOut);
  for (let i = 0; i < fanIn; i++) for (let o = 0; o < fanOut; o++) w[o * fanIn + i] = init.weight[i * fanOut + o];
  return { weight: new Tensor(w, [fanOut, fanIn], true), bias: Tensor.zeros([fanOut], true) };
}

function clearGrads(params: readonly T[]): void {
  for (const p of params) p.grad = null;
}

/** W1 and W4: relu between layers, NLL of log_softmax, SGD. */
function classifierStep(batch: ClassBatch, inits: LayerInit[]): Step {
  const x = new Tensor(Float64Array.from(batch.x), [BATCH, PIXELS]);
  const layers = inits.map(dense);
  const params = layers.flatMap((l) => [l.weight, l.bias]);
  const optimizer = new SGD(params, { lr: LEARNING_RATE });
  return () => {
    clearGrads(params);
    let h = x;
    layers.forEach((l, i) => {
      const z = linear(h, l.weight, l.bias);
      h = i + 1 < layers.length ? relu(z) : z;
    });
    const loss = crossEntropy(h, batch.labels);
    backward(loss);
    optimizer.step();
    return loss.item();
  };
}

/** W2/W3: forward and the gradients of all weights and biases; no update. */
function deepMlpStep(depth: number): Step {
  const inputs = deepMlpInputs(depth);
  const x = new Tensor(Float64Array.from(inputs.x), [BATCH, 2]);
  const target = new Tensor(Float64Array.from(inputs.target), [BATCH, 1]);
  const layers = inputs.layers.map(dense);
  const params = layers.flatMap((l) => [l.weight, l.bias]);
  return () => {
    clearGrads(params);
    let h = x;
    layers.forEach((l, i) => {
      const z = linear(h, l.weight, l.bias);
      h = i + 1 < layers.length ? tanh(z) : z;
    });
    const loss = mseLoss(h, target);
    backward(loss);
    return loss.item();
  };
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
