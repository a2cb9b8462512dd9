/**
 * A fused layer's unrecorded backward (fusedLinear.ts) in one visit to WebAssembly memory: the upstream
 * gradient, the saved output, W and x go in once; gz = g·φ'(y) and the bias gradient's column sums, then
 * dx = gz·W and dW = gzᵀ·x, all run there on gz where it lies; dx, dW and db come out. Separately (the
 * JavaScript loop, then two `matmul`s) gz made three trips across the boundary and the loop ran in JavaScript.
 * The bits are the separate path's: the same elementwise operations (activationGradWat.mjs) and the same gemm
 * kernel, whose zero bias matches `matmul`'s. Operands in the buffer pool's resident arena are read where they
 * lie and the gradients are written straight into arena arrays; only gz is a copy (the pass overwrites it).
 */
import { residentArena, takeBuffer } from './bufferPool';
import { ArenaOperands } from './arenaOperands';
import { prefix, wasmKernels } from './wasm';

export interface LinearGradients {
  readonly dx: Float64Array | null;
  readonly dw: Float64Array | null;
  readonly db: Float64Array | null;
}

/**
 * The gradients of φ(x·Wᵀ + b) for upstream g, saved output y [rows, cols], x [rows, inner] and W [cols, inner];
 * each only when needed. dx and dW come from the buffer pool (autograd gives back the ones it drops), db is
 * fresh. `kind` is the activation's index in FUSED_ACTIVATIONS (the kernel's order). Null when WebAssembly is unavailable or the operands do not fit: the caller's JavaScript path runs.
 */
export function wasmLinearBackward(
  kind: number, g: Float64Array, y: Float64Array, x: Float64Array, w: Float64Array,
  rows: number, inner: number, cols: number, needs: readonly boolean[],
): LinearGradients | null {
  if (rows === 0 || inner === 0 || cols === 0) return null;
  const resident = residentLinearBackward(kind, g, y, x, w, rows, inner, cols, needs);
  if (resident !== null) return resident;
  const kernels = wasmKernels();
  if (kernels === null) return null;
  const [needX, needW, needB] = needs;
  const out = rows * cols;
  // Offsets in doubles: gz over g, then y, db, zeros (the products' bias), W, x, dx, dW.
  const G = 0, Y = G + out, DB = Y + out, ZERO = DB + cols;
  const W = ZERO + inner, X = W + (needX ? cols * inner : 0);
  const DX = X + (needW ? rows * inner : 0), DW = DX + (needX ? rows * inner : 0);
  const heap = kernels.heap(DW + (needW ? cols * inner : 0));
  if (heap === null) return null;
  heap.set(prefix(g, out), G);
  heap.set(prefix(y, out), Y);
  heap.fill(0, DB, W);
  kernels.activationGrad(kind, G * 8, Y * 8, DB * 8, rows, cols);
  let dx: Float64Array | null = null, dw: Float64Array | null = null;
  if (needX) {
    heap.set(prefix(w, cols * inner), W);
    kernels.gemm(rows, inner, cols, G * 8, cols * 8, 8, W * 8, DX * 8, ZERO * 8);
    dx = takeBuffer(rows * inner);
    dx.set(heap.subarray(DX, DX + rows * inner));
  }
  if (needW) {
    heap.set(prefix(x, rows * inner), X);
    kernels.gemm(cols, inner, rows, G * 8, 8, cols * 8, X * 8, DW * 8, ZERO * 8);
    dw = takeBuffer(cols * inner);
    dw.set(heap.subarray(DW, DW + cols * inner));
  }
  return { dx, dw, db: needB ? heap.slice(DB, DB + cols) : null };
}

/** The same on the arena; null when it cannot hold what the pass needs. */
function residentLinearBackward(
  kind: number, g: Float64Array, y: Float64Array, x: Float64Array, w: Float64Array,
  rows: number, inner: number, cols: number, needs: readonly boolean[],
): LinearGradients | null {
  const arena = residentArena();
  if (arena === null) return null;
  const [needX, needW, needB] = needs;
  const out = rows * cols;
  const operands = new ArenaOperands();
  try {
    const gz = operands.block(out);
    gz?.set(prefix(g, out));
    const Y = operands.place(y, out);
    const db = needB ? operands.result(cols)?.fill(0) ?? null : null;
    const DB = db?.byteOffset ?? operands.zeros(cols);
    const ZERO = operands.zeros(inner);
    const W = needX ? operands.place(w, cols * inner) : 0;
    const X = needW ? operands.place(x, rows * inner) : 0;
    const dx = needX ? operands.result(rows * inner) : null;
    const dw = needW ? operands.result(cols * inner) : null;
    if (!operands.ok || gz === null) return null;
    arena.calls.activationGrad(kind, gz.byteOffset, Y, DB, rows, cols);
    if (dx !== null) arena.calls.gemm(rows, inner, cols, gz.byteOffset, cols * 8, 8, W, dx.byteOffset, ZERO);
    if (dw !== null) arena.calls.gemm(cols, inner, rows, gz.byteOffset, 8, cols * 8, X, dw.byteOffset, ZERO);
    return { dx, dw, db };
  } finally {
    operands.release();
  }
}
