/**
 * W1–W5 on TensorFlow.js 4.22 (the peer a user would pick instead), written the way its docs
 * suggest: variables, `tf.train.sgd(...).minimize` for training steps, `tf.variableGrads` for
 * gradients without an update, `tf.valueAndGrad` for derivatives. float32, as tfjs computes.
 * Every step runs in `tf.tidy` (inside minimize/variableGrads) and disposes what it returns, so
 * the tensor count stays flat over thousands of steps.
 */

import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import type { Step } from '../job';
import {
  BATCH, CLASSES, GRID_ACTIVATIONS, GRID_PROBES, LEARNING_RATE, PIXELS,
  type ClassBatch, type LayerInit, type WorkloadId,
  deepMlpInputs, gridPoints, mnistMlpInputs, softmaxRegressionInputs,
} from './spec';

type Tf = typeof import('@tensorflow/tfjs');
type T2 = import('@tensorflow/tfjs').Tensor2D;
type Tensor = import('@tensorflow/tfjs').Tensor;
type Variable = import('@tensorflow/tfjs').Variable;

/** Loads tfjs on the requested backend. The wasm backend reads its .wasm files from node_modules. */
export async function loadTfjs(backend: 'cpu' | 'wasm'): Promise<Tf> {
  const tf = await import('@tensorflow/tfjs');
  if (backend === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(dist + '/');
    // tfjs already keeps threads off under Node (tfjs#3830); saying so makes the setup explicit.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
  await tf.ready();
  return tf;
}

export function tfjsStep(tf: Tf, workload: WorkloadId, depth: number): Step {
  switch (workload) {
    case 'W1': {
      const { batch, layer } = softmaxRegressionInputs();
      return classifierStep(tf, batch, [layer]);
    }
    case 'W4': {
      const { batch, layers } = mnistMlpInputs();
      return classifierStep(tf, batch, layers);
    }
    case 'W2':
    case 'W3':
      return deepMlpStep(tf, depth);
    case 'W5':
      return activationGridStep(tf);
  }
}

function dense(tf: Tf, init: LayerInit): [Variable, Variable] {
  return [
    tf.variable(tf.tensor2d(Float32Array.from(init.weight), [init.fanIn, init.fanOut])),
    tf.variable(tf.zeros([init.fanOut])),
  ];
}

/** Reads a scalar loss back to JavaScript and frees it. */
function readLoss(loss: Tensor): number {
  const value = loss.dataSync()[0];
  loss.dispose();
  return value;
}

/** W1 and W4: relu between layers, NLL of log_softmax, SGD. */
function classifierStep(tf: Tf, batch: ClassBatch, layers: LayerInit[]): Step {
  const x = tf.tensor2d(Float32Array.from(batch.x), [BATCH, PIXELS]);
  const oneHot = tf.tensor2d(Float32Array.from(batch.oneHot), [BATCH, CLASSES]);
  const params = layers.map((l) => dense(tf, l));
  const optimizer = tf.train.sgd(LEARNING_RATE);
  const loss = () => {
    let h: T2 = x;
    params.forEach(([w, b], i) => {
      const z = tf.add(tf.matMul(h, w), b) as T2;
      h = i + 1 < params.length ? tf.relu(z) : z;
    });
    return tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(h), oneHot), 1))) as import('@tensorflow/tfjs').Scalar;
  };
  return () => readLoss(optimizer.minimize(loss, true)!);
}

/** W2/W3: forward and the gradients of all weights and biases; no update. */
function deepMlpStep(tf: Tf, depth: number): Step {
  const inputs = deepMlpInputs(depth);
  const x = tf.tensor2d(Float32Array.from(inputs.x), [BATCH, 2]);
  const target = tf.tensor2d(Float32Array.from(inputs.target), [BATCH, 1]);
  const params = inputs.layers.map((l) => dense(tf, l));
  const variables = params.flat();
  const loss = () => {
    let h: T2 = x;
    params.forEach(([w, b], i) => {
      const z = tf.add(tf.matMul(h, w), b) as T2;
      h = i + 1 < params.length ? tf.tanh(z) : z;
    });
    return tf.mean(tf.square(tf.sub(h, target))) as import('@tensorflow/tfjs').Scalar;
  };
  return () => {
    const { value, grads } = tf.variableGrads(loss, variables);
    tf.dispose(grads);
    return readLoss(value);
  };
}

/** W5: f and f' of six activations on 2001 points, read back as arrays (what a plot needs). */
function activationGridStep(tf: Tf): Step {
  const x = tf.tensor1d(Float32Array.from(gridPoints()));
  const fns: Record<(typeof GRID_ACTIVATIONS)[number], (t: Tensor) => Tensor> = {
    sigmoid: (t) => tf.sigmoid(t),
    tanh: (t) => tf.tanh(t),
    relu: (t) => tf.relu(t),
    elu: (t) => tf.elu(t),
    // tfjs-core has no gelu op; this is the erf form tfjs-layers uses for its 'gelu' activation.
    gelu: (t) => tf.mul(tf.mul(t, 0.5), tf.add(1, tf.erf(tf.mul(t, Math.SQRT1_2)))),
    softplus: (t) => tf.softplus(t),
  };
  const withGrads = GRID_ACTIVATIONS.map((name) => tf.valueAndGrad(fns[name]));
  return () => {
    let probe = 0;
    for (const f of withGrads) {
      const { value, grad } = f(x);
      const v = value.dataSync();
      const d = grad.dataSync();
      for (const i of GRID_PROBES) probe += v[i] + d[i];
      value.dispose();
      grad.dispose();
    }
    return probe;
  };
}
