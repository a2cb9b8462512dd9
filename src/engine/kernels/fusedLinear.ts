/**
 * The speed fork of a dense layer followed by its activation, φ(x·Wᵀ + b), as one recorded op.
 *
 * The teaching form (nn/mlp.ts with ops/matmul.ts `linear` and ops/unary.ts `tanh`) is two ops: two
 * output buffers, and a backward of three passes (φ' times the gradient, then the bias gradient's
 * column sum, then the two products). Here the activation overwrites the product in its own buffer,
 * and the unrecorded backward runs in WebAssembly memory in one visit (fusedLinearWasm.ts: the gradient
 * times φ', the bias gradient's column sums and both products); without WebAssembly, the elementwise part is
 * one loop into a scratch array that goes back to the buffer pool once the products have read it. The numbers are the teaching form's bit for bit: the same gemm call, the same loops
 * (the engine's tanh, kernels/tanh.ts; sigmoid's two branches, relu's masks), the same summation order for the bias
 * gradient (rows in increasing order, from 0). Only activations whose derivative is a function of
 * their output qualify: that output is all the op saves (relu's mask y > 0 equals x > 0, NaN
 * included). A recorded backward (createGraph) is written with the public ops, so it differentiates
 * again like the teaching form.
 */
import { isGradEnabled, record } from '../graph';
import { Tensor, shapeToString } from '../tensor';
import { gemm } from './gemm';
import { wasmLinearBackward } from './fusedLinearWasm';
import { releaseBuffer, takeBuffer } from './bufferPool';
import { matmul } from '../ops/matmul';
import { mul, sub } from '../ops/elementwise';
import { sum } from '../ops/reduce';
import { unaryForward } from '../ops/unary';

export const FUSED_ACTIVATIONS = ['tanh', 'sigmoid', 'relu'] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];

export function isFusedActivation(name: string): name is FusedActivation {
  return (FUSED_ACTIVATIONS as readonly string[]).includes(name);
}

/** y = φ(y) in place, with the loops of ops/unary.ts and ops/piecewise.ts (tanh: gemm's `thenTanh`). */
function activateInPlace(activation: Exclude<FusedActivation, 'tanh'>, y: Float64Array): void {
  const n = y.length;
  switch (activation) {
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const xi = y[i];
        if (xi >= 0) {
          y[i] = 1 / (1 + Math.exp(-xi));
        } else {
          const e = Math.exp(xi);
          y[i] = e / (1 + e);
        }
      }
      return;
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = y[i] <= 0 ? 0 : y[i];
      return;
  }
}

/**
 * gz = g · φ'(from y), and when `db` is given, db[c] = Σ_r gz[r, c] (rows in increasing order from
 * 0, as `sum(gz, 0)`), while gz is still in cache.
 */
function backwardPass(
  activation: FusedActivation, g: Float64Array, y: Float64Array, gz: Float64Array, db: Float64Array | null,
  rows: number, cols: number,
): void {
  const n = rows * cols;
  // One loop per activation, so the branch on it is not taken per element.
  switch (activation) {
    case 'tanh':
      for (let i = 0; i < n; i++) gz[i] = g[i] * (1 - y[i] * y[i]);
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) gz[i] = g[i] * (y[i] * (1 - y[i]));
      break;
    case 'relu':
      for (let i = 0; i < n; i++) gz[i] = y[i] > 0 ? g[i] : y[i] <= 0 ? 0 : NaN;
      break;
  }
  if (db === null) return;
  for (let r = 0, at = 0; r < rows; r++) for (let c = 0; c < cols; c++, at++) db[c] += gz[at];
}

/** φ'(·) times g written with ops, for a recorded backward (the teaching ops' own formulas). */
function recordedActivationGrad(activation: FusedActivation, g: Tensor, y: Tensor): Tensor {
  switch (activation) {
    case 'tanh':
      return mul(g, sub(1, mul(y, y)));
    case 'sigmoid':
      return mul(g, mul(y, sub(1, y)));
    case 'relu':
      return mul(g, unaryForward(y, (s, o) => { for (let i = 0; i < o.length; i++) o[i] = s[i] > 0 ? 1 : s[i] <= 0 ? 0 : NaN; }));
  }
}

/**
 * φ(x·Wᵀ + b) for x [N, in], W [out, in] (PyTorch's layout) and b [out] or null: the value of
 * `spec.apply(linear(x, weight, bias))` for the registry's tanh, sigmoid and relu, as one op.
 */
export function linearActivation(x: Tensor, weight: Tensor, bias: Tensor | null, activation: FusedActivation): Tensor {
  if (x.ndim !== 2 || weight.ndim !== 2 || x.shape[1] !== weight.shape[1]) {
    throw new Error(
      `linear: input of shape ${shapeToString(x.shape)} does not match weight of shape ${shapeToString(weight.shape)}`,
    );
  }
  const [rows, inner] = x.shape;
  const cols = weight.shape[0];
  if (bias !== null && (bias.ndim !== 1 || bias.shape[0] !== cols)) {
    throw new Error(`linear: bias of shape ${shapeToString(bias.shape)} does not match ${cols} outputs`);
  }
  const out = takeBuffer(rows * cols);
  gemm(
    { data: x.data, rowStride: inner, colStride: 1 }, { data: weight.data, rowStride: 1, colStride: inner },
    out, rows, cols, inner, bias?.data ?? null, activation === 'tanh',
  );
  if (activation !== 'tanh') activateInPlace(activation, out);
  const y = new Tensor(out, [rows, cols]);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  return record(`linear+${activation}`, y, inputs, (g, needs) => {
    let gz: Tensor;
    let db: Tensor | null = null;
    if (isGradEnabled()) {
      gz = recordedActivationGrad(activation, g, y);
      if (needs[2]) db = sum(gz, 0);
    } else {
      const wasm = wasmLinearBackward(
        FUSED_ACTIVATIONS.indexOf(activation), g.data, out, x.data, weight.data, rows, inner, cols, needs,
      );
      if (wasm !== null) {
        return [
          wasm.dx && new Tensor(wasm.dx, [rows, inner]),
          wasm.dw && new Tensor(wasm.dw, [cols, inner]),
          wasm.db && new Tensor(wasm.db, [cols]),
        ];
      }
      const gzData = takeBuffer(rows * cols);
      const dbData = needs[2] ? new Float64Array(cols) : null;
      backwardPass(activation, g.data, out, gzData, dbData, rows, cols);
      gz = new Tensor(gzData, [rows, cols]);
      if (dbData !== null) db = new Tensor(dbData, [cols]);
    }
    const grads = [
      needs[0] ? matmul(gz, weight) : null,
      needs[1] ? matmul(gz, x, { transposeA: true }) : null,
      db,
    ];
    if (!isGradEnabled()) releaseBuffer(gz.data); // the products have read it; nothing else holds it
    return grads;
  });
}
