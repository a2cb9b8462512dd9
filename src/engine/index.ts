/**
 * Gradient Lab's autograd engine: the only import path for code outside src/engine.
 *
 * Pure TypeScript (ES2022 only): no DOM, Node or vscode, so the same engine runs in the extension
 * host, webviews, workers and the CLI.
 */

export { Tensor, sizeOf, sameShape, shapeToString, asTensor } from './tensor';
export type { Shape, TensorLike } from './tensor';
export { backward, grad, noGrad, enableGrad, isGradEnabled, record } from './autograd';
export type { BackwardFn, GradFn, BackwardOptions, GradOptions } from './autograd';

export { add, sub, mul, div, pow, maximum, minimum } from './ops/elementwise';
export { neg, exp, expm1, log, log1p, sqrt, abs, sign, sin, cos, erf, normalCdf, normalPdf, tanh, sigmoid } from './ops/unary';
export { gt, ge, lt, le, eq, ne, where, clamp } from './ops/compare';
export {
  relu, leakyRelu, hardtanh, elu, selu, celu, eluFamily, softplus, logSigmoid, hardsigmoid, hardswish,
  SELU_ALPHA, SELU_SCALE,
} from './ops/piecewise';
export type { EluParams } from './ops/piecewise';
export { softmax, logSoftmax } from './ops/softmax';
export { matmul, linear } from './ops/matmul';
export type { MatmulOptions } from './ops/matmul';
export { sum, mean, max, min, argmax } from './ops/reduce';
export type { Axes } from './ops/reduce';
export { reshape, permute, transpose, narrow, concat, gather, scatterAdd } from './ops/shape';
export { broadcastTo, sumTo, broadcastShapes } from './ops/broadcast';
export { erf as erfScalar, erfc as erfcScalar, normalCdf as normalCdfScalar } from './kernels/erf';

export { silu, gelu, geluTanh, mish, softsign, tanhshrink } from './activations/composite';
export {
  ACTIVATIONS, ACTIVATION_NAMES, ELEMENTWISE_ACTIVATION_NAMES, findActivation, getActivation, resolveActivationParams,
} from './activations/registry';
export type { ActivationSpec, ActivationParam, ActivationParams } from './activations/registry';
export {
  resolveActivation, expressionSpec, firstDerivative, sampleDerivatives, NotElementwiseError,
} from './activations/resolve';
export type { ActivationSource, ActivationResolution, ResolvedActivation, CurveValues } from './activations/resolve';

export { mseLoss, nllLoss, crossEntropy, binaryCrossEntropy, binaryCrossEntropyWithLogits } from './losses';
export type { Reduction, Targets } from './losses';

export { Module } from './nn/module';
export { Linear } from './nn/linear';
export type { LinearOptions } from './nn/linear';
export { BatchNorm1d } from './nn/batchnorm';
export type { BatchNormOptions } from './nn/batchnorm';
export { MLP } from './nn/mlp';
export type { MlpOptions, ActivationChoice, LayerActivation, LayerTrace, ForwardTrace } from './nn/mlp';
export {
  layerStats, activationDerivative, l2Norm, meanRowNorm, rms, DEFAULT_SATURATION_THRESHOLD,
} from './nn/instrument';
export type { LayerStats } from './nn/instrument';

// Modules written alongside (seeded randomness, initialisers, optimizers, clipping).
export * from './rng';
export { kernelBackend } from './kernels/wasm';
export { releaseBuffer, releaseDropped, StepRecycler, takeBuffer } from './kernels/bufferPool';
export { F32_ACTIVATION_KINDS, F32_NORMALS_SCRATCH_BYTES, f32Kernels, type F32Kernels } from './kernels/f32Kernels';
export * from './init';
export * from './optim/index';
export * from './clip';
export * from './clipReport';
export * from './expression/index';

export { gradcheck, gradgradcheck } from './gradcheck';
export type { GradcheckOptions, GradcheckResult, GradcheckMismatch } from './gradcheck';
