/**
 * The theory overlay. A plain network gets the mean-field theory of meanField.ts unchanged
 * (Poole et al. 2016; Schoenholz et al. 2017). Batch norm and residual connections change the
 * recursions; in the same wide-network, independent-gradient approximation:
 *
 * - Batch norm (Linear → BN → phi, gamma = 1, beta = 0) normalizes each unit over the batch, so
 *   h^l ~ N(0, s/(s + eps)) where s = sigma_w² Var(x^(l-1)) is the pre-normalization variance. Its
 *   backward divides by sqrt(s + eps), so going from delta^(l+1) back to g^l multiplies the squared
 *   norm by kappa = sigma_w² / (s + eps) instead of sigma_w²: the large-batch limit of Yang et al.
 *   2019 (for ReLU it gives their pi/(pi - 1) per layer), times the finite-batch factor
 *   (B - 2)/(B - 3) of batchNormFiniteBatchFactor.
 * - Residual connections (x^l = x^(l-1) + phi(h^l)) pass g^l straight back: ||g^(l-1)||² =
 *   ||g^l||² (1 + kappa E[phi'(h^l)²]), and the outputs' moments accumulate layer after layer
 *   (Yang & Schoenholz 2017).
 * In every case ||delta^l||² = E[phi'(h^l)²] ||g^l||², and chi^l is the predicted
 * ||delta^l||² / ||delta^(l+1)||².
 */
import { gaussianExpectations } from '../gaussianQuadrature';
import {
  chiUpperBound,
  phiMoments,
  classifyRegime,
  depthScale,
  meanField,
  predictedGradNorms,
  type MeanFieldActivation,
} from '../meanField';
import type { DepthActivation } from './activation';
import type { DepthSettings } from './settings';
import type { DepthTheory, TheoryLayer, TheoryVariant } from './types';

const BN_EPS = 1e-5;

/**
 * Batch norm at a finite batch size B. Per unit, the backward of batch norm is P g / sigma_hat: P projects
 * the gradient off the batch mean and off the normalized values (2 of the B directions, so the squared
 * norm keeps (B - 2)/B of an isotropic gradient), and sigma_hat is the batch's own standard deviation,
 * whose inverse square averages B/(B - 3) times the population's (B sigma_hat² / sigma² is chi-square
 * with B - 1 degrees of freedom). Together the squared gradient grows by (B - 2)/(B - 3) more per layer
 * than in the large-batch limit. Measured at width 256 (identity, ReLU/He, tanh and sigmoid, B = 8 to
 * 128) it brings the theory's per-layer slope from up to 0.09 away from the measured one to within 0.018.
 * Below 4 samples the average is infinite (3) or the gradient vanishes (2): the large-batch value is kept.
 */
export function batchNormFiniteBatchFactor(batchSize: number): number {
  return batchSize >= 4 ? (batchSize - 2) / (batchSize - 3) : 1;
}

/**
 * Every input distribution the explorer offers has unit variance, so the variance map starts from
 * q0 = 1 (and, for batch norm, a unit variance over the batch). The theory then depends on the
 * settings alone, not on the sampled batch, and can be cached while sliders move.
 */
export const INPUT_SECOND_MOMENT = 1;

export interface TheoryInputs {
  readonly settings: DepthSettings;
  readonly activation: DepthActivation;
  readonly sigmaW: number;
  /**
   * The measured ||delta^l||, l = 1..depth: the prediction is scaled to equal it at the last hidden
   * layer (at the last layer with a finite, positive value when the network overflowed).
   */
  readonly measured: readonly number[];
}

interface Moments {
  readonly mean: number;
  readonly phi2: number;
  readonly dphi2: number;
}

function moments(act: MeanFieldActivation, q: number): Moments {
  if (!(q > 0) || !Number.isFinite(q)) {
    const { phi, dphi } = act.evaluate(Float64Array.of(q > 0 ? Infinity : 0));
    return { mean: phi[0], phi2: phi[0] * phi[0], dphi2: dphi[0] * dphi[0] };
  }
  const s = Math.sqrt(q);
  const [mean, phi2, dphi2] = gaussianExpectations((z) => {
    const { phi, dphi } = act.evaluate(z.map((v) => s * v));
    return [phi, phi.map((v) => v * v), dphi.map((v) => v * v)];
  }, { breakpoints: (act.kinks ?? []).map((k) => k / s), tolerance: 1e-11 });
  return { mean, phi2, dphi2 };
}

function variantOf(s: DepthSettings): TheoryVariant {
  if (s.batchNorm && s.residual) return 'residual+batchnorm';
  return s.batchNorm ? 'batchnorm' : s.residual ? 'residual' : 'plain';
}

function geometricMean(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += Math.log(v);
  return values.length === 0 ? NaN : Math.exp(s / values.length);
}

/** q^l, E[phi'(h^l)²] and kappa^l for l = 1 .. depth + 1 under batch norm and/or residuals. */
function recurse(inputs: Omit<TheoryInputs, 'measured'>): { q: number[]; d: number[]; kappa: number[] } {
  const { settings: s, sigmaW: sw } = inputs;
  const act = inputs.activation.theory;
  const w2 = sw * sw, b2 = s.biasStd * s.biasStd;
  const finiteBatch = batchNormFiniteBatchFactor(s.batchSize);
  const q: number[] = [], d: number[] = [], kappa: number[] = [];
  // The outputs' mean, second moment and batch variance per unit (x^0 is the input).
  let xMean = 0, x2 = INPUT_SECOND_MOMENT, xVar = INPUT_SECOND_MOMENT;
  for (let l = 1; l <= s.depth + 1; l++) {
    let ql: number, kl: number;
    if (s.batchNorm) {
      const pre = w2 * xVar;
      ql = pre / (pre + BN_EPS);
      kl = (w2 / (pre + BN_EPS)) * finiteBatch;
    } else {
      ql = w2 * x2 + b2;
      kl = w2;
    }
    const m = moments(act, ql);
    q.push(ql);
    d.push(m.dphi2);
    kappa.push(kl);
    const phiVar = Math.max(0, m.phi2 - m.mean * m.mean);
    if (s.residual) {
      x2 = x2 + m.phi2 + 2 * xMean * m.mean;
      xMean += m.mean;
      xVar += phiVar;
    } else {
      x2 = m.phi2;
      xMean = m.mean;
      xVar = phiVar;
    }
  }
  return { q, d, kappa };
}

/** The batch-norm map's fixed point: q = s/(s + eps), s = sigma_w² Var(phi(sqrt(q) z)). */
function batchNormFixedPoint(inputs: Omit<TheoryInputs, 'measured'>): { q: number; chi: number } {
  const act = inputs.activation.theory;
  const w2 = inputs.sigmaW * inputs.sigmaW;
  let q = 1;
  for (let i = 0; i < 200; i++) {
    const m = moments(act, q);
    const pre = w2 * Math.max(0, m.phi2 - m.mean * m.mean);
    const next = pre / (pre + BN_EPS);
    const done = Math.abs(next - q) < 1e-12;
    q = next;
    if (done) break;
  }
  const m = moments(act, q);
  const pre = w2 * Math.max(0, m.phi2 - m.mean * m.mean);
  return { q, chi: ((m.dphi2 * w2) / (pre + BN_EPS)) * batchNormFiniteBatchFactor(inputs.settings.batchSize) };
}

/**
 * chi as q -> 0+. When the variance collapses, chi must be the limit of sigma_w² E[phi'(sqrt(q) z)²],
 * not phi' at the single point 0: for ReLU phi'(0) is 0 by convention while the limit is 1/2.
 */
function chiAsVarianceVanishes(inputs: Omit<TheoryInputs, 'measured'>): number {
  return inputs.sigmaW * inputs.sigmaW * phiMoments(inputs.activation.theory, 1e-200).dphi2;
}

interface TheoryShape {
  readonly q: readonly number[];
  readonly chi: readonly number[];
  readonly qFixedPoint: number | null;
  readonly chiFixedPoint: number;
}

function theoryShape(inputs: Omit<TheoryInputs, 'measured'>): TheoryShape {
  const { settings: s, sigmaW: sw } = inputs;
  const variant = variantOf(s);
  if (variant === 'plain') {
    const mf = meanField(inputs.activation.theory, { sigmaW: sw, sigmaB: s.biasStd, q0: INPUT_SECOND_MOMENT, depth: s.depth });
    return {
      q: mf.layers.map((l) => l.q),
      chi: mf.layers.map((l) => l.chi),
      qFixedPoint: mf.fixedPoint.kind === 'finite' || mf.fixedPoint.kind === 'zero' ? mf.fixedPoint.q : null,
      chiFixedPoint: mf.fixedPoint.kind === 'zero' ? chiAsVarianceVanishes(inputs) : mf.chiFixedPoint,
    };
  }
  const r = recurse(inputs);
  const q = r.q.slice(0, s.depth);
  const chi = q.map((_, i) => (s.residual ? (r.d[i] / r.d[i + 1]) * (1 + r.kappa[i + 1] * r.d[i + 1]) : r.d[i] * r.kappa[i + 1]));
  if (variant === 'batchnorm') {
    const fp = batchNormFixedPoint(inputs);
    return { q, chi, qFixedPoint: fp.q, chiFixedPoint: fp.chi };
  }
  // A residual network's variance grows without bound: no fixed point; use this network's mean rate.
  return { q, chi, qFixedPoint: null, chiFixedPoint: geometricMean(chi.slice(0, Math.max(1, s.depth - 1))) };
}

/**
 * Theories by everything they depend on except depth. The plain and batch-norm recursions run from
 * the input, so a deeper computation serves every shallower depth: a miss computes the deepest
 * network the panel allows, and moving the depth slider never misses again.
 */
const shapes = new Map<string, TheoryShape>();
const MAX_THEORY_DEPTH = 200;

function cachedShape(inputs: Omit<TheoryInputs, 'measured'>): TheoryShape {
  const s = inputs.settings;
  if (s.residual) return theoryShape(inputs); // the residual fixed-point stand-in depends on depth
  const key = [inputs.activation.key, inputs.sigmaW, s.biasStd, s.batchNorm, s.batchNorm ? s.batchSize : ''].join('|');
  let shape = shapes.get(key);
  if (!shape || shape.q.length < s.depth) {
    shape = theoryShape({ ...inputs, settings: { ...s, depth: Math.max(s.depth, MAX_THEORY_DEPTH) } });
    if (shapes.size >= 32) shapes.delete(shapes.keys().next().value!);
    shapes.set(key, shape);
  }
  return { ...shape, q: shape.q.slice(0, s.depth), chi: shape.chi.slice(0, s.depth) };
}

export function depthTheory(inputs: TheoryInputs): DepthTheory {
  const { settings: s, sigmaW: sw } = inputs;
  const variant = variantOf(s);
  const { q, chi, qFixedPoint, chiFixedPoint } = cachedShape(inputs);
  const shape = predictedGradNorms(q.map((qi, i) => ({ index: i + 1, q: qi, chi: chi[i], meanAbsDphi: NaN })), 1);
  const usable = (i: number) => inputs.measured[i] > 0 && Number.isFinite(inputs.measured[i]);
  let k = Math.min(inputs.measured.length, s.depth) - 1;
  while (k > 0 && !usable(k)) k--;
  if (k < 0 || !usable(k)) k = s.depth - 1;
  const anchor = usable(k) ? inputs.measured[k] : 1;
  const scale = anchor / shape[k];
  const sigmoidBound = inputs.activation.isSigmoid && variant === 'plain' ? Math.sqrt(chiUpperBound(sw, 0.25)) : null;
  const layers: TheoryLayer[] = q.map((qi, i) => ({
    index: i + 1,
    q: qi,
    chi: chi[i],
    gradNorm: shape[i] * scale,
    bound: sigmoidBound === null ? null : anchor * sigmoidBound ** (k - i),
  }));
  return {
    variant,
    sigmaW: sw,
    sigmaB: s.biasStd,
    q0: INPUT_SECOND_MOMENT,
    layers,
    qFixedPoint,
    chiFixedPoint,
    depthScale: depthScale(chiFixedPoint),
    regime: classifyRegime(chiFixedPoint),
    effectiveChi: geometricMean(chi.slice(0, Math.max(1, s.depth - 1))),
  };
}
