/**
 * The network the depth explorer measures, built from the engine's layers:
 *   x^0 = the input batch [B, width]
 *   h^l = Linear_l(x^(l-1)) (then BatchNorm1d when on),  x^l = phi(h^l) (+ x^(l-1) with residuals)
 *   y = Linear_out(x^depth) [B, 1],  L = mean (y - t)²
 * with t a fixed random teacher's output (tanh of a random projection), so the same network can also
 * be trained. Every random draw comes from a stream forked off the seed by name ("layer7", "input"),
 * so changing the depth keeps the layers that remain exactly as they were.
 */
import {
  BatchNorm1d,
  Linear,
  Rng,
  Tensor,
  add,
  getInitializer,
  grad,
  initNormal,
  mseLoss,
  releaseBuffer,
  tanh,
  type InitOptions,
} from '../../engine';
import type { DepthActivation } from './activation';
import type { DepthSettings, InputDistribution } from './settings';

export interface DepthNetwork {
  readonly settings: DepthSettings;
  readonly activation: DepthActivation;
  readonly hidden: readonly Linear[];
  readonly norms: readonly (BatchNorm1d | null)[];
  readonly readout: Linear;
  readonly input: Tensor;
  readonly target: Tensor;
}

/** The initializer options a setting implies ("normal" takes the weight std; every one takes the gain). */
export function initOptions(settings: Pick<DepthSettings, 'init' | 'gain' | 'weightStd'>): InitOptions {
  const name = getInitializer(settings.init).name;
  return name === 'normal' ? { std: settings.weightStd, gain: settings.gain } : { gain: settings.gain };
}

/** sigma_w = (std of one weight) × sqrt(fan_in) for the square hidden weights. */
export function sigmaW(settings: Pick<DepthSettings, 'init' | 'gain' | 'weightStd' | 'width'>): number {
  const shape = [settings.width, settings.width];
  return getInitializer(settings.init).std(shape, initOptions(settings)) * Math.sqrt(settings.width);
}

function sampleInput(rng: Rng, dist: InputDistribution, rows: number, cols: number): Tensor {
  const data = new Float64Array(rows * cols);
  const r3 = Math.sqrt(3);
  for (let i = 0; i < data.length; i++) {
    data[i] = dist === 'normal' ? rng.normal() : dist === 'uniform' ? rng.uniform(-r3, r3) : rng.next() < 0.5 ? -1 : 1;
  }
  return new Tensor(data, [rows, cols]);
}

/** t = tanh(2 v·x / sqrt(width)) for a fixed random v: a smooth target the network can learn. */
function teacher(rng: Rng, input: Tensor): Tensor {
  const [rows, cols] = input.shape;
  const v = rng.fillNormal(new Float64Array(cols));
  const z = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += v[c] * input.data[r * cols + c];
    z[r] = (2 * s) / Math.sqrt(cols);
  }
  // The engine's tanh, whose bits are the same in the webview and the CLI (Math.tanh's may differ between V8s).
  return tanh(new Tensor(z, [rows, 1]));
}

/**
 * Recently drawn initial values by everything that determines them. Drawing normals is a large part
 * of one analysis, and most slider moves (depth, activation, batch norm, clipping...) keep every
 * layer's weights; the values are exactly what a fresh draw gives, and Linear copies them.
 */
const samples = new Map<string, Float64Array>();
let cachedValues = 0;
const MAX_CACHED_VALUES = 6_000_000;

function cachedSample(key: string, draw: () => Float64Array): Float64Array {
  const hit = samples.get(key);
  if (hit) {
    samples.delete(key); // refresh its place in the eviction order
    samples.set(key, hit);
    return hit;
  }
  const values = draw();
  samples.set(key, values);
  cachedValues += values.length;
  for (const [k, v] of samples) {
    if (cachedValues <= MAX_CACHED_VALUES || k === key) break;
    samples.delete(k);
    cachedValues -= v.length;
    releaseBuffer(v); // its users copied it (Linear, the float32 preview): the next draws take the array
  }
  return values;
}

/**
 * A layer's initial weight ([out, in] row-major) and bias values, as drawn (shared, cached arrays: never write
 * into them). The float32 preview reads the same draws.
 */
export function layerValues(
  settings: DepthSettings, root: Rng, name: string, inFeatures: number, outFeatures: number,
): { weight: Float64Array; bias: Float64Array } {
  const init = getInitializer(settings.init);
  const options = initOptions(settings);
  const shape = [outFeatures, inFeatures];
  const weight = cachedSample(`${settings.seed}|${init.name}|${settings.gain}|${settings.weightStd}|${inFeatures}x${outFeatures}|${name}`,
    () => init.sample(root.fork(name), shape, options));
  const biasValues = settings.biasStd > 0
    ? cachedSample(`${settings.seed}|${settings.biasStd}|${outFeatures}|${name}.bias`,
      () => initNormal(root.fork(`${name}.bias`), [outFeatures], settings.biasStd))
    : new Float64Array(outFeatures);
  return { weight, bias: biasValues };
}

function layer(settings: DepthSettings, root: Rng, name: string, inFeatures: number, outFeatures: number): Linear {
  const { weight, bias } = layerValues(settings, root, name, inFeatures, outFeatures);
  return new Linear(inFeatures, outFeatures, { weight, biasValues: bias });
}

export function buildDepthNetwork(settings: DepthSettings, activation: DepthActivation): DepthNetwork {
  const root = new Rng(settings.seed);
  const w = settings.width;
  const hidden: Linear[] = [];
  const norms: (BatchNorm1d | null)[] = [];
  for (let l = 1; l <= settings.depth; l++) {
    hidden.push(layer(settings, root, `layer${l}`, w, w));
    norms.push(settings.batchNorm ? new BatchNorm1d(w) : null);
  }
  const readout = layer(settings, root, 'readout', w, 1);
  return { settings, activation, hidden, norms, readout, ...sampleBatch(settings) };
}

/** The input batch and its targets: they depend on the seed, width, batch size and distribution only. */
export function sampleBatch(settings: Pick<DepthSettings, 'seed' | 'input' | 'batchSize' | 'width'>): { input: Tensor; target: Tensor } {
  const root = new Rng(settings.seed);
  const input = sampleInput(root.fork('input'), settings.input, settings.batchSize, settings.width);
  return { input, target: teacher(root.fork('teacher'), input) };
}

export function networkParameters(net: DepthNetwork): Tensor[] {
  const out: Tensor[] = [];
  net.hidden.forEach((lin, i) => {
    out.push(...lin.parameters());
    const bn = net.norms[i];
    if (bn) out.push(...bn.parameters());
  });
  out.push(...net.readout.parameters());
  return out;
}

export interface ForwardTrace {
  /** h^l, l = 1..depth (index 0 is layer 1). */
  readonly pre: readonly Tensor[];
  /** x^l, l = 1..depth. */
  readonly out: readonly Tensor[];
  readonly y: Tensor;
  readonly loss: Tensor;
}

/** One hidden layer's forward step from x: returns h (the activation's input) and the layer's output. */
function step(net: Pick<DepthNetwork, 'activation' | 'settings'>, lin: Linear, bn: BatchNorm1d | null, x: Tensor): { h: Tensor; out: Tensor } {
  const u = lin.forward(x);
  const h = bn ? bn.forward(u) : u;
  const a = net.activation.apply(h);
  return { h, out: net.settings.residual ? add(x, a) : a };
}

export function forward(net: DepthNetwork): ForwardTrace {
  const pre: Tensor[] = [];
  const out: Tensor[] = [];
  let x = net.input;
  net.hidden.forEach((lin, i) => {
    const s = step(net, lin, net.norms[i], x);
    pre.push(s.h);
    out.push(s.out);
    x = s.out;
  });
  const y = net.readout.forward(x);
  return { pre, out, y, loss: mseLoss(y, net.target) };
}

/**
 * The same network at another depth, reusing what both share. Each layer draws from its own random
 * stream, so the first min(old, new) layers and their forward pass are exactly those of the old
 * network: only added layers are run, and the readout is applied to the new last output. (Moving the
 * depth slider then costs the backward pass, not a whole new network.)
 */
export function resizeDepth(net: DepthNetwork, fwd: ForwardTrace, settings: DepthSettings): { net: DepthNetwork; fwd: ForwardTrace } {
  const keep = Math.min(settings.depth, net.hidden.length);
  const hidden = net.hidden.slice(0, keep), norms = net.norms.slice(0, keep);
  const pre = fwd.pre.slice(0, keep), out = fwd.out.slice(0, keep);
  const resized: DepthNetwork = { ...net, settings, hidden, norms };
  const root = new Rng(settings.seed);
  let x = keep > 0 ? out[keep - 1] : net.input;
  for (let l = keep + 1; l <= settings.depth; l++) {
    const lin = layer(settings, root, `layer${l}`, settings.width, settings.width);
    const bn = settings.batchNorm ? new BatchNorm1d(settings.width) : null;
    hidden.push(lin);
    norms.push(bn);
    const s = step(resized, lin, bn, x);
    pre.push(s.h);
    out.push(s.out);
    x = s.out;
  }
  const y = net.readout.forward(x);
  return { net: resized, fwd: { pre, out, y, loss: mseLoss(y, net.target) } };
}

export interface BackwardTrace {
  /** delta^l = dL/dh^l. */
  readonly dPre: readonly Tensor[];
  /** g^l = dL/dx^l. */
  readonly dOut: readonly Tensor[];
  readonly dY: Tensor;
  /** d L / d parameter, aligned with networkParameters(net). */
  readonly dParams: readonly Tensor[];
}

/** One backward pass for everything the analysis reads (nothing is accumulated into .grad). */
export function backward(net: DepthNetwork, trace: ForwardTrace): BackwardTrace {
  const params = networkParameters(net);
  const depth = trace.pre.length;
  const grads = grad(trace.loss, [...trace.pre, ...trace.out, trace.y, ...params], { materializeGrads: true });
  return {
    dPre: grads.slice(0, depth),
    dOut: grads.slice(depth, 2 * depth),
    dY: grads[2 * depth],
    dParams: grads.slice(2 * depth + 1),
  };
}
